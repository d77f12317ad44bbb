import { HttpException, HttpStatus, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AssetsSubjects, ErrorCode, type AssetView, type CreateAssetRequest } from '@spool/contracts';
import { HashingStream, SNIFF_BYTES, sniffContent } from '@spool/media';
import { JobsClient, RemoteError } from '@spool/messaging';
import { assetObjectKey, OBJECT_STORAGE, type ObjectStorage } from '@spool/storage';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GatewayEnv } from '../config/gateway.env.js';
import { displayFilename } from './display-filename.js';
import { expectedSha256 } from './upload-checksum.js';
import { ByteLimit, peek, UploadTooLargeError } from './upload-stream.js';
import type { UploadQuery } from './dto/upload.query.js';

/**
 * Streams an upload to storage: size-limited, content type sniffed from the
 * first bytes, sha256 computed on the way. The asset row is written only
 * once the object is complete and verified; on any failure the object is removed.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);
  private readonly maxBytes: number;

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly jobs: JobsClient,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.maxBytes = config.get('MAX_UPLOAD_BYTES');
  }

  async upload(ownerId: string, query: UploadQuery, req: Request): Promise<AssetView> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > this.maxBytes) throw tooLarge(this.maxBytes);
    const expected = expectedSha256(req.headers);

    const { head, rest } = await peek(req, SNIFF_BYTES);
    if (head.length === 0) {
      throw new UnprocessableEntityException({ code: ErrorCode.EMPTY_UPLOAD, title: 'Empty upload', detail: 'The request body has no bytes' });
    }
    const sniffed = sniffContent(head);
    if (!sniffed) {
      req.resume();
      throw new HttpException(
        {
          code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          title: 'Unsupported media type',
          detail: 'The content is not a video, audio, image or 3D LUT format Spool recognises (checked from its bytes)',
        },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }

    const id = randomUUID();
    const storageKey = assetObjectKey(id, 'original', sniffed.extension);
    const hash = new HashingStream();
    let stored = false;
    try {
      // pipeline() destroys `hash` when the limit trips, which fails the put reading from it.
      const [{ size }] = await Promise.all([
        this.storage.put(storageKey, hash, { contentType: sniffed.contentType }),
        pipeline(Readable.from(rest), new ByteLimit(this.maxBytes), hash),
      ]);
      stored = true;
      const sha256 = hash.digest();
      if (expected && expected !== sha256) {
        throw new UnprocessableEntityException({
          code: ErrorCode.CHECKSUM_MISMATCH,
          title: 'Checksum mismatch',
          detail: `The upload's sha256 is ${sha256}, not ${expected} as declared`,
        });
      }
      return await this.jobs.send<AssetView, CreateAssetRequest>(AssetsSubjects.create, {
        ownerId,
        project: query.project ?? null,
        id,
        kind: sniffed.kind,
        storageKey,
        filename: displayFilename(query.filename),
        contentType: sniffed.contentType,
        size,
        sha256,
        ingest: query.ingest ?? true,
      });
    } catch (err) {
      // No half-written or unregistered object stays behind, but an object whose registration
      // may have committed (apps/jobs did not answer) is kept: a row without its bytes is worse.
      if (!(err instanceof RemoteError && err.problem.status >= 500)) {
        await this.storage.delete(storageKey).catch((e: unknown) => this.logger.warn(`could not remove ${storageKey}: ${String(e)}`));
      } else {
        this.logger.warn(`upload ${id}: registration failed (${err.message}); object ${storageKey} kept`);
      }
      if (!stored) req.resume();
      throw isTooLarge(err) ? tooLarge(this.maxBytes) : err;
    }
  }
}

const isTooLarge = (err: unknown): boolean =>
  err instanceof UploadTooLargeError || (err instanceof Error && err.cause instanceof UploadTooLargeError);

const tooLarge = (limit: number) =>
  new HttpException(
    { code: ErrorCode.PAYLOAD_TOO_LARGE, title: 'Upload too large', detail: `Uploads are limited to ${limit} bytes (MAX_UPLOAD_BYTES)` },
    HttpStatus.PAYLOAD_TOO_LARGE,
  );
