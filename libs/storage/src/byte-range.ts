import { Readable } from 'node:stream';
import type { ByteRange } from './object-storage.js';

export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  const endOk = end === Number.POSITIVE_INFINITY || (Number.isSafeInteger(end) && end >= start);
  if (!Number.isSafeInteger(start) || start < 0 || !endOk) {
    throw new RangeError(`Invalid byte range ${JSON.stringify(range)}`);
  }
}

/** The value of an HTTP/S3 `Range` header. */
export const rangeHeader = ({ start, end }: ByteRange): string => `bytes=${start}-${Number.isFinite(end) ? end : ''}`;

/** `bytes a-b/size` → {start: a, end: b}. */
export function parseContentRange(value: string | undefined): ByteRange | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value ?? '');
  return match ? { start: Number(match[1]), end: Number(match[2]) } : null;
}

/**
 * Cuts `wanted` out of `body`, which holds the bytes `got` (a superset): for
 * servers and proxies that ignore or widen a Range. Stops reading `body` once
 * the range is out.
 */
export function sliceRange(body: Readable, got: ByteRange, wanted: ByteRange): Readable {
  if (got.start > wanted.start || wanted.start > got.end) {
    body.destroy();
    throw new Error(`Asked for bytes ${wanted.start}-${wanted.end}, the server sent ${got.start}-${got.end}`);
  }
  let skip = wanted.start - got.start;
  let remaining = Math.min(wanted.end, got.end) - wanted.start + 1;
  async function* slice(): AsyncGenerator<Buffer> {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let part = chunk;
      if (skip > 0) {
        const dropped = Math.min(skip, part.length);
        part = part.subarray(dropped);
        skip -= dropped;
      }
      if (part.length > remaining) part = part.subarray(0, remaining);
      remaining -= part.length;
      if (part.length > 0) yield part;
      if (remaining === 0) return;
    }
  }
  return Readable.from(slice(), { objectMode: false });
}
