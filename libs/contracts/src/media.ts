export const ASSET_KINDS = ['video', 'audio', 'image', 'other'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const PROCESSING_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];

/** One stream as ffprobe reports it, reduced to what callers use. */
export interface MediaStream {
  index: number;
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';
  codec: string | null;
  profile: string | null;
  durationSeconds: number | null;
  bitRate: number | null;
  /** Video only. */
  width?: number;
  height?: number;
  fps?: number | null;
  pixelFormat?: string | null;
  /** Video only: the pixel format carries an alpha channel. */
  hasAlpha?: boolean;
  /** Audio only. */
  sampleRate?: number;
  channels?: number;
  channelLayout?: string | null;
}

/** What ffprobe (or sharp, for images) says about a file. Stored as `assets.probe`. */
export interface MediaProbe {
  /** Container format names, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "png". */
  format: string;
  durationSeconds: number | null;
  bitRate: number | null;
  streams: MediaStream[];
  /** The first video stream and the first audio stream, for convenience. */
  video: MediaStream | null;
  audio: MediaStream | null;
}

/** The public shape of an asset, as the REST API returns it. */
export interface AssetView {
  id: string;
  ownerId: string;
  project: string | null;
  kind: AssetKind;
  /** Display name only: the storage key never derives from it. */
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  probe: MediaProbe | null;
  /** For derived outputs: the asset they were made from, the job that made them, and what they are to it. */
  parentAssetId: string | null;
  jobId: string | null;
  role: string | null;
  processingStatus: ProcessingStatus;
  processingJobId: string | null;
  processingCompletedAt: string | null;
  processingError: AssetProcessingError | null;
  createdAt: string;
  updatedAt: string;
}

export interface AssetProcessingError {
  jobId: string;
  type: string;
  code: string;
  message: string;
}

/**
 * An output a worker stored and asks apps/jobs to register with the job's
 * completion: the asset row is written in the same transaction as `succeeded`.
 */
export interface OutputAsset {
  id: string;
  kind: AssetKind;
  storageKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  probe: MediaProbe | null;
  parentAssetId: string | null;
  role: string;
}

/** Probe metadata a worker found for an existing asset (video.probe), saved with the completion. */
export interface AssetProbeUpdate {
  assetId: string;
  probe: MediaProbe;
}

/** What the worker runtime adds to a completion besides the job's output. */
export interface CompletionMedia {
  assets?: OutputAsset[];
  probes?: AssetProbeUpdate[];
}

/** A worker asks where an input asset lives; only the job's owner's assets are found. */
export interface LocateAssetRequest {
  assetId: string;
  ownerId: string;
}

export interface LocatedAsset {
  id: string;
  kind: AssetKind;
  storageKey: string;
  contentType: string;
  size: number;
  sha256: string;
  probe: MediaProbe | null;
  /** Display name, for downloads. */
  filename: string | null;
}

/** The gateway registers an upload it has finished streaming to storage. */
export interface CreateAssetRequest {
  ownerId: string;
  project: string | null;
  id: string;
  kind: AssetKind;
  storageKey: string;
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  /** Queue the ingest jobs (probe, proxy, thumbnails for video). */
  ingest: boolean;
}

export interface ListAssetsRequest {
  ownerId: string;
  processingStatus?: ProcessingStatus;
  kind?: AssetKind;
  project?: string;
  parentAssetId?: string;
  limit: number;
  cursor?: string;
}

export interface AssetRef {
  id: string;
  ownerId: string;
}

/** What the gateway must remove from storage after a delete. */
export interface DeletedAsset {
  id: string;
  storageKey: string;
}
