import type { SniffedContent } from './sniff.js';

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const DATA_LINE = new RegExp(`^${NUM}\\s+${NUM}\\s+${NUM}$`);
/** TITLE, DOMAIN_MIN/MAX, LUT_3D_SIZE, LUT_3D_INPUT_RANGE and vendor keywords. */
const KEYWORD_LINE = /^[A-Z][A-Z0-9_]*(\s.*)?$/;
const SIZE_LINE = /^LUT_3D_SIZE\s+(\d+)$/;

/** A 3D LUT in the Adobe/Resolve `.cube` text format. */
export function sniffCube(b: Buffer): SniffedContent | null {
  let body = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
  // The last line may be cut by the head's end: judge complete lines only.
  body = body.subarray(0, body.lastIndexOf(0x0a) + 1);
  if (body.some((c) => c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || body.includes(0x7f)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
  let size = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = SIZE_LINE.exec(line);
    if (m) size = Number(m[1]);
    else if (!DATA_LINE.test(line) && !KEYWORD_LINE.test(line)) return null;
  }
  return size >= 2 && size <= 256 ? { contentType: 'text/x-cube', kind: 'other', extension: 'cube' } : null;
}
