import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AssetsSubjects, AttemptErrorCode, ErrorCode, type AssetKind, type LocateAssetRequest, type LocatedAsset, type MediaProbe, type OutputAsset } from '@spool/contracts';
import { fetchToFile, HashingStream, parseAllowHosts, redact, SNIFF_BYTES, sniffContent, sweepWorkspaces, withWorkspace } from '@spool/media';
import { JobsClient, RemoteError } from '@spool/messaging';
import { assetObjectKey, CHUNK_BYTES, OBJECT_STORAGE, type ObjectStorage } from '@spool/storage';
import { JobError, NonRetryableError, type JobContext } from '@spool/worker-runtime';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaWorkerEnv } from './media-worker.env.js';

import type { SourceRef } from './source.schema.js';

export interface InputFile {
  path: string;
  assetId: string | null;
  url: string | null;
  contentType: string | null;
  size: number;
  probe: MediaProbe | null;
}

export interface OutputSpec {
  kind: AssetKind;
  role: string;
  contentType: string;
  extension: string;
  parentAssetId: string | null;
  probe: MediaProbe | null;
  filename?: string;
}

/** A day: a workspace older than this at start belongs to a worker that died mid-job. */
const STALE_WORKSPACE_MS = 24 * 3600_000;

/**
 * What media processors need around ffmpeg and sharp: a private workspace,
 * the job's input on local disk (the owner's asset, or a vetted public URL),
 * and outputs put in storage and attached to the job's completion.
 */
@Injectable()
export class AssetIo implements OnApplicationBootstrap {
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  private readonly workDir: string;
  private readonly maxInputBytes: number;
  private readonly fetchTimeoutMs: number;
  private readonly allowHosts: string[];
  /** Storage keys each running job has written, to remove if it fails. */
  private readonly storedBy = new Map<string, string[]>();

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly jobs: JobsClient,
    config: ConfigService<MediaWorkerEnv, true>,
  ) {
    this.ffmpegPath = config.get('FFMPEG_PATH');
    this.ffprobePath = config.get('FFPROBE_PATH');
    this.workDir = config.get('WORK_DIR');
    this.maxInputBytes = config.get('MAX_INPUT_BYTES');
    this.fetchTimeoutMs = config.get('URL_FETCH_TIMEOUT_MS');
    this.allowHosts = parseAllowHosts(config.get('URL_FETCH_ALLOW_HOSTS'));
  }

  async onApplicationBootstrap(): Promise<void> {
    await mkdir(this.workDir, { recursive: true, mode: 0o700 });
    await sweepWorkspaces(this.workDir, STALE_WORKSPACE_MS);
  }

  /**
   * Runs the job's work in a private directory, removed afterwards. When the
   * work fails, the outputs it already stored are removed too: their rows
   * would only have been written with a successful completion.
   */
  async workspace<T>(job: JobContext, fn: (dir: string) => Promise<T>): Promise<T> {
    const stored: string[] = [];
    this.storedBy.set(job.id, stored);
    try {
      return await withWorkspace(this.workDir, `job-${job.id}`, fn);
    } catch (err) {
      await Promise.all(
        stored.map((key) => this.storage.delete(key).catch((e: unknown) => job.logger.warn(`could not remove output ${key}: ${String(e)}`))),
      );
      throw err;
    } finally {
      this.storedBy.delete(job.id);
    }
  }

  /** Downloads the job's source into `dir` as `<name>.<extension sniffed from its bytes>`. */
  async fetchInput(job: JobContext, ref: SourceRef, dir: string, name = 'input', maxBytes = this.maxInputBytes): Promise<InputFile> {
    const raw = join(dir, `${name}.download`);
    let input: Omit<InputFile, 'path'>;
    if (ref.assetId) {
      const asset = await this.locate(ref.assetId, job.ownerId);
      if (asset.size > maxBytes) throw new NonRetryableError(`Asset ${asset.id} is larger than ${maxBytes} bytes`, AttemptErrorCode.INPUT_TOO_LARGE);
      const hash = new HashingStream();
      await pipeline(await this.storage.get(asset.storageKey), hash, createWriteStream(raw, { highWaterMark: CHUNK_BYTES }), { signal: job.signal });
      if (hash.digest() !== asset.sha256) throw new JobError(`Asset ${asset.id} read back from storage does not match its sha256`, AttemptErrorCode.INPUT_FETCH_FAILED);
      input = { assetId: asset.id, url: null, contentType: asset.contentType, size: asset.size, probe: asset.probe };
    } else if (ref.url) {
      const fetched = await fetchToFile(ref.url, raw, {
        maxBytes,
        signal: job.signal,
        timeoutMs: this.fetchTimeoutMs,
        allowHosts: this.allowHosts,
      });
      input = { assetId: null, url: ref.url, contentType: fetched.contentType, size: fetched.size, probe: null };
    } else {
      throw new NonRetryableError('The input names neither an assetId nor a url', ErrorCode.INVALID_JOB_INPUT);
    }
    const sniffed = sniffContent(await readHead(raw));
    const path = join(dir, `${name}.${sniffed?.extension ?? 'bin'}`);
    await rename(raw, path);
    job.logger.log(`input ${input.assetId ?? redact(ref.url!)} fetched (${input.size} bytes, ${sniffed?.contentType ?? 'unrecognised content'})`);
    return { ...input, path, contentType: sniffed?.contentType ?? input.contentType };
  }

  /** Puts a finished output in storage and attaches it to the job's completion. */
  async storeOutput(job: JobContext, path: string, spec: OutputSpec): Promise<OutputAsset> {
    const id = randomUUID();
    const storageKey = assetObjectKey(id, spec.role, spec.extension);
    const hash = new HashingStream();
    this.storedBy.get(job.id)?.push(storageKey);
    const [{ size }] = await Promise.all([
      this.storage.put(storageKey, hash, { contentType: spec.contentType }),
      pipeline(createReadStream(path, { highWaterMark: CHUNK_BYTES }), hash, { signal: job.signal }),
    ]);
    const asset: OutputAsset = {
      id,
      kind: spec.kind,
      storageKey,
      filename: spec.filename ?? `${spec.role}.${spec.extension}`,
      contentType: spec.contentType,
      size,
      sha256: hash.digest(),
      probe: spec.probe,
      parentAssetId: spec.parentAssetId,
      role: spec.role,
    };
    job.attachAsset(asset);
    return asset;
  }

  saveProbe(job: JobContext, assetId: string, probe: MediaProbe): void {
    job.attachProbe({ assetId, probe });
  }

  private async locate(assetId: string, ownerId: string): Promise<LocatedAsset> {
    try {
      return await this.jobs.send<LocatedAsset, LocateAssetRequest>(AssetsSubjects.locate, { assetId, ownerId });
    } catch (err) {
      if (err instanceof RemoteError && err.problem.status === 404) {
        throw new NonRetryableError(`Asset ${assetId} does not exist or is not yours`, AttemptErrorCode.ASSET_NOT_FOUND);
      }
      throw err;
    }
  }
}

const readHead = async (path: string, bytes = SNIFF_BYTES): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 })) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, total);
};
