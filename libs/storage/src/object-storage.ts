import type { Readable } from 'node:stream';

export interface StoredObject {
  size: number;
  contentType: string | null;
}

/** Inclusive on both ends, like HTTP Range; `end` past the last byte (or Infinity) means "to the end". */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutOptions {
  contentType?: string;
}

export interface SignedUrlOptions {
  expiresInSeconds: number;
  /** Offered to the browser as the download name (Content-Disposition: attachment). */
  filename?: string;
  /** S3 only (response-content-type); the local gateway serves the type recorded by `put`. */
  contentType?: string;
}

/** One interface, two drivers. Keys are made by Spool (never from user file names). */
export interface ObjectStorage {
  readonly driver: 'local' | 's3';
  /**
   * Streams `body` to `key`; resolves with the number of bytes written. Never
   * buffers whole files. A partial write is never visible under `key`; a
   * failure of `body` rejects with that stream's error.
   */
  put(key: string, body: NodeJS.ReadableStream | Readable, options?: PutOptions): Promise<{ size: number }>;
  /** Streams the object (or a byte range of it). Throws ObjectNotFoundError when missing, RangeNotSatisfiableError when `range.start` is past the end. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** null when missing. */
  head(key: string): Promise<StoredObject | null>;
  /** Idempotent: deleting a missing key is fine. */
  delete(key: string): Promise<void>;
  /** A time-limited download URL: presigned GetObject on S3, an HMAC-signed gateway URL for local. */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string>;
}
