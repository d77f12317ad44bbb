import type { AssetKind } from '@spool/contracts';

/** One job of an ingest; the first runs at once, the others depend on it. */
export interface IngestStep {
  type: string;
  input: Record<string, unknown>;
}

/**
 * What an upload queues by itself: for video a probe, then a browser-friendly
 * proxy and thumbnails; for audio a probe; for an image a thumbnail. Other
 * files (a .cube LUT) need no processing.
 */
export function ingestPlan(kind: AssetKind, assetId: string): IngestStep[] {
  if (kind === 'video') {
    return [
      { type: 'video.probe', input: { assetId } },
      // An MP4 may hold audio only: its proxy and thumbnails then succeed with nothing to make.
      { type: 'video.proxy', input: { assetId, ifNoVideo: 'skip' } },
      { type: 'video.thumbnails', input: { assetId, ifNoVideo: 'skip' } },
    ];
  }
  if (kind === 'audio') return [{ type: 'video.probe', input: { assetId } }];
  // The thumbnail's worker also records the image's metadata (size, format) on the asset.
  if (kind === 'image') return [{ type: 'image.thumbnail', input: { assetId } }];
  return [];
}
