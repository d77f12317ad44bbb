import { Transform, type TransformCallback } from 'node:stream';

export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The upload is larger than ${limit} bytes`);
  }
}

/** Passes bytes through until more than `limit` have gone by, then fails the stream. */
export class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return done(new UploadTooLargeError(this.limit));
    done(null, chunk);
  }
}

/**
 * Reads the first `bytes` of a stream (fewer if it ends sooner) without
 * losing them: `head` is what was read and `rest` yields the whole stream again.
 */
export async function peek(stream: NodeJS.ReadableStream, bytes: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let total = 0;
  let ended = false;
  while (total < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    total += next.value.length;
  }
  const head = Buffer.concat(chunks, total);
  async function* rest(): AsyncIterable<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: head.subarray(0, bytes), rest: rest() };
}
