import { IF_NO_VIDEO_PROPERTY, mediaInputSchema, type IfNoVideo, type SourceInput, withDefaults } from '../common/source.schema.js';
import type { ProxyOptions } from './proxy.operation.js';

export const PROXY_HEIGHTS = [540, 720, 1080] as const;

export type ProxyInput = SourceInput & IfNoVideo & {
  height?: (typeof PROXY_HEIGHTS)[number];
  keyframeIntervalSeconds?: number;
  crf?: number;
};

export const PROXY_DEFAULTS: ProxyOptions = { height: 720, keyframeIntervalSeconds: 2, crf: 23 };

export const PROXY_INPUT_SCHEMA = mediaInputSchema({
  ...IF_NO_VIDEO_PROPERTY,
  height: { type: 'integer', enum: [...PROXY_HEIGHTS], default: PROXY_DEFAULTS.height, description: 'Output height in pixels; the width keeps the aspect ratio.' },
  keyframeIntervalSeconds: {
    type: 'number',
    minimum: 0.5,
    maximum: 10,
    default: PROXY_DEFAULTS.keyframeIntervalSeconds,
    description: 'A keyframe every this many seconds (fixed GOP, no scene-cut keyframes): even seeking and HLS-friendly segments.',
  },
  crf: { type: 'integer', minimum: 15, maximum: 35, default: PROXY_DEFAULTS.crf, description: 'x264 constant rate factor: lower is better and bigger.' },
});

export const proxyOptions = (input: ProxyInput): ProxyOptions => withDefaults(PROXY_DEFAULTS, input);
