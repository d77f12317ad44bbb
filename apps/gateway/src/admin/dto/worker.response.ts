import { ApiProperty } from '@nestjs/swagger';
import type { WorkerView } from '@spool/contracts';

export class WorkerResponse implements WorkerView {
  @ApiProperty()
  workerId: string;

  @ApiProperty({ example: 'worker-av' })
  name: string;

  @ApiProperty()
  host: string;

  @ApiProperty()
  pid: number;

  @ApiProperty()
  version: string;

  @ApiProperty()
  concurrency: number;

  @ApiProperty()
  activeJobs: number;

  @ApiProperty({ type: [String] })
  types: string[];

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt: string;

  @ApiProperty()
  alive: boolean;
}
