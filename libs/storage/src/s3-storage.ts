import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteCounter } from './byte-counter.js';
import { assertByteRange, parseContentRange, rangeHeader, sliceRange } from './byte-range.js';
import { contentDisposition } from './content-disposition.js';
import { ObjectNotFoundError, RangeNotSatisfiableError } from './errors.js';
import { assertObjectKey } from './object-key.js';
import type { ByteRange, ObjectStorage, PutOptions, SignedUrlOptions, StoredObject } from './object-storage.js';

export interface S3StorageOptions {
  /** Empty or absent for AWS itself; set for MinIO, R2, Ceph, a test server... */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both absent: the SDK's default credential chain (instance role, AWS_* variables...). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Where clients reach the store, when not at `endpoint` (e.g. `http://localhost:9000` for a MinIO container): download URLs are presigned for it. */
  publicEndpoint?: string;
}

/** Multipart part size: memory per upload is about PART_SIZE × (QUEUE_SIZE + 1). */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

const statusOf = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
const nameOf = (err: unknown): string => (err instanceof Error ? err.name : '');

export class S3Storage implements ObjectStorage {
  readonly driver = 's3' as const;
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly presigner: S3Client;

  constructor(options: S3StorageOptions) {
    const { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle, publicEndpoint } = options;
    this.bucket = bucket;
    const client = (at: string | undefined) =>
      new S3Client({
        region,
        endpoint: at || undefined,
        forcePathStyle,
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
        // The SDK's default CRC32 checksums on every request are not understood
        // by all S3-compatible servers; AWS itself keeps the defaults.
        ...(at ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
      });
    this.client = client(endpoint);
    // Presigning is local computation: a client for the public address only signs, never connects.
    this.presigner = publicEndpoint ? client(publicEndpoint) : this.client;
  }

  async put(key: string, body: NodeJS.ReadableStream | Readable, options: PutOptions = {}): Promise<{ size: number }> {
    assertObjectKey(key);
    const counter = new ByteCounter();
    let sourceError: unknown;
    body.on('error', (err: unknown) => (sourceError ??= err));
    // Its failure reaches the upload through `counter`; reported from there.
    const piping = pipeline(body, counter).catch(() => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: counter, ContentType: options.contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      // When `body` failed, its error is the one worth reporting, not the
      // upload's (which may be from aborting the multipart upload).
      const cause = sourceError;
      counter.destroy();
      await piping;
      throw cause ?? err;
    }
    await piping;
    return { size: counter.bytes };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertObjectKey(key);
    if (range) assertByteRange(range);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? rangeHeader(range) : undefined }),
      );
      if (!(out.Body instanceof Readable)) throw new Error(`S3 GetObject returned no Node.js stream for "${key}"`);
      if (!range) return out.Body;
      const got = parseContentRange(out.ContentRange) ?? { start: 0, end: (out.ContentLength ?? 0) - 1 };
      const wantedEnd = Math.min(range.end, got.end);
      return got.start === range.start && got.end === wantedEnd ? out.Body : sliceRange(out.Body, got, range);
    } catch (err) {
      if (nameOf(err) === 'NoSuchKey' || (statusOf(err) === 404 && nameOf(err) !== 'NoSuchBucket')) throw new ObjectNotFoundError(key);
      if (nameOf(err) === 'InvalidRange' || statusOf(err) === 416) throw new RangeNotSatisfiableError(key);
      throw err;
    }
  }

  async head(key: string): Promise<StoredObject | null> {
    assertObjectKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? null };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    assertObjectKey(key);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: options.filename ? contentDisposition(options.filename) : undefined,
      ResponseContentType: options.contentType,
    });
    return getSignedUrl(this.presigner, command, { expiresIn: options.expiresInSeconds });
  }

  /** Creates the bucket if it does not exist (development and tests; production buckets are provisioned). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      // Created meanwhile by another of our processes.
      if (!(err instanceof S3ServiceException && err.name === 'BucketAlreadyOwnedByYou')) throw err;
    }
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy();
    if (this.presigner !== this.client) this.presigner.destroy();
  }
}
