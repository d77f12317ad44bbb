import { ApiProperty } from '@nestjs/swagger';
import type { JobStatus, QueueStats, QueueTypeStats } from '@spool/contracts';

export class StatusCountsResponse implements Record<JobStatus, number> {
  @ApiProperty() blocked: number;
  @ApiProperty() pending: number;
  @ApiProperty() running: number;
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
  @ApiProperty() canceled: number;
}

export class QueueTypeStatsResponse implements QueueTypeStats {
  @ApiProperty({ example: 'video.proxy' })
  type: string;

  @ApiProperty({ type: StatusCountsResponse })
  counts: StatusCountsResponse;

  @ApiProperty({ type: Number, nullable: true })
  oldestPendingAgeSeconds: number | null;

  @ApiProperty()
  completedLast5m: number;

  @ApiProperty()
  failedLast5m: number;
}

export class QueueStatsResponse implements QueueStats {
  @ApiProperty({ type: [QueueTypeStatsResponse] })
  types: QueueTypeStatsResponse[];

  @ApiProperty({ type: StatusCountsResponse })
  totals: StatusCountsResponse;

  @ApiProperty()
  liveWorkers: number;

  @ApiProperty({ format: 'date-time' })
  at: string;
}
