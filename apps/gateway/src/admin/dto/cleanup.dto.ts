import { ApiProperty } from '@nestjs/swagger';
import type { CleanupRequest, CleanupResult } from '@spool/contracts';
import { IsInt, Min } from 'class-validator';

export class CleanupDto implements CleanupRequest {
  @ApiProperty({ type: 'integer', minimum: 0, example: 30, description: 'Delete finished jobs older than this many days' })
  @IsInt()
  @Min(0)
  olderThanDays: number;
}

export class CleanupResultResponse implements CleanupResult {
  @ApiProperty()
  deletedJobs: number;

  @ApiProperty()
  olderThanDays: number;
}
