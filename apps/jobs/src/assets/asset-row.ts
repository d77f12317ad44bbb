import type { AssetKind, AssetProcessingError, AssetView, LocatedAsset, MediaProbe, ProcessingStatus } from '@spool/contracts';

export const ASSET_COLUMNS = `a.id, a.owner_id, a.project, a.kind, a.storage_key, a.filename, a.content_type, a.size, a.sha256, a.probe,
  a.parent_asset_id, a.job_id, a.role, a.processing_status, a.processing_job_id, a.processing_completed_at,
  a.processing_error, a.created_at, a.updated_at, a.created_at::text AS cursor_at`;

export interface AssetRow {
  id: string;
  owner_id: string;
  project: string | null;
  kind: AssetKind;
  storage_key: string;
  filename: string | null;
  content_type: string;
  size: string;
  sha256: string;
  probe: MediaProbe | null;
  parent_asset_id: string | null;
  job_id: string | null;
  role: string | null;
  processing_status: ProcessingStatus;
  processing_job_id: string | null;
  processing_completed_at: Date | null;
  processing_error: AssetProcessingError | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

export const toAssetView = (r: AssetRow): AssetView => ({
  id: r.id,
  ownerId: r.owner_id,
  project: r.project,
  kind: r.kind,
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  probe: r.probe,
  parentAssetId: r.parent_asset_id,
  jobId: r.job_id,
  role: r.role,
  processingStatus: r.processing_status,
  processingJobId: r.processing_job_id,
  processingCompletedAt: r.processing_completed_at?.toISOString() ?? null,
  processingError: r.processing_error,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const toLocatedAsset = (r: AssetRow): LocatedAsset => ({
  id: r.id,
  kind: r.kind,
  storageKey: r.storage_key,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  probe: r.probe,
  filename: r.filename,
});
