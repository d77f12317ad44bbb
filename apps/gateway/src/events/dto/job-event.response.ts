import { ApiProperty } from '@nestjs/swagger';
import { JOB_EVENT_KINDS, JOB_STATUSES, type JobEventKind, type JobEventView, type JobStatus } from '@spool/contracts';

/** The `data` of each SSE event; its `id` and `kind` are also the SSE `id` and `event`. */
export class JobEventResponse implements JobEventView {
  @ApiProperty({ example: '1024', description: 'Increasing; resume a stream after it with Last-Event-ID' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  jobId: string;

  @ApiProperty()
  ownerId: string;

  @ApiProperty({ example: 'video.proxy' })
  type: string;

  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' })
  status: JobStatus;

  @ApiProperty({ description: 'Position of the event in its job history' })
  seq: number;

  @ApiProperty({ enum: JOB_EVENT_KINDS, enumName: 'JobEventKind' })
  kind: JobEventKind;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  at: string;
}
