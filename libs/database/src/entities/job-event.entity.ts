import { JOB_STATUSES, type JobEventKind, type JobStatus } from '@spool/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The durable, per-job ordered log of transitions; SSE replays from it. */
@Entity({ name: 'job_events' })
export class JobEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'owner_id', type: 'varchar', length: 200 })
  ownerId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'enum', enum: JOB_STATUSES, enumName: 'job_status' })
  status: JobStatus;

  @Column({ type: 'varchar', length: 40 })
  kind: JobEventKind;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
