import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A pass-through stream that sha256-hashes and counts the bytes flowing through it. */
export class HashingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    done(null, chunk);
  }

  /** Hex sha256 of the bytes seen so far (final once the stream has ended). */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  bytes(): number {
    return this.count;
  }
}

export function sha256Stream(): HashingStream {
  return new HashingStream();
}

export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hashing = new HashingStream();
  hashing.resume();
  await pipeline(createReadStream(path), hashing);
  return { sha256: hashing.digest(), size: hashing.bytes() };
}
