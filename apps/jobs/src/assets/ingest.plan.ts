import type { AssetKind } from '@spool/contracts';

export interface IngestStep {
  type: string;
  input: Record<string, unknown>;
  /** Runs after the first step succeeds. */
  afterFirst: boolean;
}

/**
 * What an upload queues by itself: for video a probe, then a browser-friendly
 * proxy and thumbnails; for audio a probe; for an image a thumbnail. Other
 * files (a .cube LUT) need no processing.
 */
export function ingestPlan(kind: AssetKind, assetId: string): IngestStep[] {
  if (kind === 'video') {
    return [
      { type: 'video.probe', input: { assetId }, afterFirst: false },
      // An MP4 may hold audio only: its proxy and thumbnails then succeed with nothing to make.
      { type: 'video.proxy', input: { assetId, ifNoVideo: 'skip' }, afterFirst: true },
      { type: 'video.thumbnails', input: { assetId, ifNoVideo: 'skip' }, afterFirst: true },
    ];
  }
  if (kind === 'audio') return [{ type: 'video.probe', input: { assetId }, afterFirst: false }];
  // The thumbnail's worker also records the image's metadata (size, format) on the asset.
  if (kind === 'image') return [{ type: 'image.thumbnail', input: { assetId }, afterFirst: false }];
  return [];
}
