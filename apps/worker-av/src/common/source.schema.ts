import { SOURCE_ONE_OF, SOURCE_PROPERTIES, type SourceRef } from '@spool/asset-io';

/** The source fields of a media job's input. */
export type SourceInput = SourceRef;

/**
 * The JSON Schema of a media job's input: the source (exactly one of
 * `assetId` and `url`) plus the type's own properties, nothing else.
 */
export function mediaInputSchema(properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'object',
    properties: { ...SOURCE_PROPERTIES, ...properties },
    oneOf: SOURCE_ONE_OF,
    additionalProperties: false,
    ...extra,
  };
}


/** `defaults` overlaid with the fields of `input` that are set (undefined and null do not override). */
export function withDefaults<D extends object>(defaults: D, input: object): D {
  const out = { ...defaults } as Record<string, unknown>;
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(defaults)) {
    if (given[key] !== undefined && given[key] !== null) out[key] = given[key];
  }
  return out as unknown as D;
}

/**
 * `ifNoVideo: 'skip'` lets a video type succeed without output on an input
 * that has no picture (ingest queues proxy and thumbnails before it knows
 * whether an uploaded MP4 is a film or a podcast).
 */
export const IF_NO_VIDEO_PROPERTY = {
  ifNoVideo: {
    type: 'string',
    enum: ['fail', 'skip'],
    default: 'fail',
    description: 'What to do with an input that has no video stream: fail (INVALID_JOB_INPUT) or succeed with `skipped: true`.',
  },
} as const;

export type IfNoVideo = { ifNoVideo?: 'fail' | 'skip' };
