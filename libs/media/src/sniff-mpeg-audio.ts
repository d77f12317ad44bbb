import type { SniffedContent } from './sniff.js';

const MP3: SniffedContent = { contentType: 'audio/mpeg', kind: 'audio', extension: 'mp3' };
const AAC: SniffedContent = { contentType: 'audio/aac', kind: 'audio', extension: 'aac' };
const FLAC: SniffedContent = { contentType: 'audio/flac', kind: 'audio', extension: 'flac' };

/** kbit/s by [MPEG-1 ? 0 : 1][layer 1..3][index]. */
const BITRATES = [
  [
    [],
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];
/** Hz by version bits (0 = MPEG-2.5, 2 = MPEG-2, 3 = MPEG-1) and index. */
const SAMPLE_RATES: Record<number, number[]> = { 0: [11025, 12000, 8000], 2: [22050, 24000, 16000], 3: [44100, 48000, 32000] };

/**
 * MP3 (with or without an ID3v2 tag) and raw ADTS AAC. A bare frame sync is
 * only two bytes, so it must be followed by a second valid frame whenever
 * the head is long enough to hold one.
 */
export function sniffMpegAudio(b: Buffer): SniffedContent | null {
  if (b.toString('latin1', 0, 3) === 'ID3' && b.length >= 10) {
    const footer = b[5] & 0x10 ? 10 : 0;
    const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
    const after = 10 + size + footer;
    if (b.toString('latin1', after, after + 4) === 'fLaC') return FLAC;
    if (adtsFrameLength(b, after) !== null) return AAC;
    return MP3;
  }
  if (framesChain(b, adtsFrameLength)) return AAC;
  if (framesChain(b, mpegFrameLength)) return MP3;
  return null;
}

function framesChain(b: Buffer, frameLength: (b: Buffer, at: number) => number | null): boolean {
  const first = frameLength(b, 0);
  if (first === null) return false;
  if (first + 4 > b.length) return true;
  return frameLength(b, first) !== null;
}

function adtsFrameLength(b: Buffer, at: number): number | null {
  if (at + 7 > b.length || b[at] !== 0xff || (b[at + 1] & 0xf6) !== 0xf0) return null;
  if (((b[at + 2] >> 2) & 0x0f) > 12) return null;
  const length = ((b[at + 3] & 0x03) << 11) | (b[at + 4] << 3) | (b[at + 5] >> 5);
  return length >= 7 ? length : null;
}

function mpegFrameLength(b: Buffer, at: number): number | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1] >> 3) & 0x03;
  const layer = 4 - ((b[at + 1] >> 1) & 0x03);
  const bitrateIndex = b[at + 2] >> 4;
  const rateIndex = (b[at + 2] >> 2) & 0x03;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const bitrate = BITRATES[version === 3 ? 0 : 1][layer][bitrateIndex] * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const padding = (b[at + 2] >> 1) & 0x01;
  if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
  const factor = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((factor * bitrate) / sampleRate) + padding;
}
