import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The worker registry: one row per worker process, refreshed by its heartbeat. */
@Entity({ name: 'workers' })
export class WorkerEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ type: 'integer' })
  pid: number;

  @Column({ type: 'varchar', length: 50 })
  version: string;

  @Column({ type: 'text', array: true })
  types: string[];

  @Column({ type: 'integer' })
  concurrency: number;

  @Column({ name: 'active_jobs', type: 'integer', default: 0 })
  activeJobs: number;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;
}
