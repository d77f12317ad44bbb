import { ASSET_KINDS, PROCESSING_STATUSES, type AssetKind, type AssetProcessingError, type MediaProbe, type ProcessingStatus } from '@spool/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Mirrors the `assets` table made by the migrations. */
@Entity({ name: 'assets' })
export class AssetEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'owner_id', type: 'varchar', length: 200 })
  ownerId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  project: string | null;

  @Column({ type: 'enum', enum: ASSET_KINDS, enumName: 'asset_kind' })
  kind: AssetKind;

  @Column({ name: 'storage_key', type: 'varchar', length: 512, unique: true })
  storageKey: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  filename: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 255 })
  contentType: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'jsonb', nullable: true })
  probe: MediaProbe | null;

  @Column({ name: 'parent_asset_id', type: 'uuid', nullable: true })
  parentAssetId: string | null;

  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  role: string | null;

  @Column({ name: 'processing_status', type: 'enum', enum: PROCESSING_STATUSES, enumName: 'asset_processing_status' })
  processingStatus: ProcessingStatus;

  @Column({ name: 'processing_job_id', type: 'uuid', nullable: true })
  processingJobId: string | null;

  @Column({ name: 'processing_completed_at', type: 'timestamptz', nullable: true })
  processingCompletedAt: Date | null;

  @Column({ name: 'processing_error', type: 'jsonb', nullable: true })
  processingError: AssetProcessingError | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
