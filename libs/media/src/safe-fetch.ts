import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttemptErrorCode } from '@spool/contracts';
import { JobError, NonRetryableError } from '@spool/worker-runtime';
import { idleTimeout, pinnedGet } from './pinned-request.js';
import { assertPublicUrl, redact } from './url-guard.js';

export interface FetchToFileOptions {
  maxBytes: number;
  signal?: AbortSignal;
  /** Inactivity limit: connecting, waiting for headers, or between two chunks (default 30 s). */
  timeoutMs?: number;
  allowHosts?: string[];
  maxRedirects?: number;
}

export interface FetchedFile {
  size: number;
  contentType: string | null;
  finalUrl: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads a public http(s) URL to `dest`. Every hop (redirects included)
 * goes through assertPublicUrl and the connection is pinned to the vetted
 * address, so a DNS answer that changes between check and connect cannot
 * reach an internal host. The partial file is removed on any failure.
 */
export async function fetchToFile(url: string, dest: string, opts: FetchToFileOptions): Promise<FetchedFile> {
  const maxRedirects = opts.maxRedirects ?? 3;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  opts.signal?.throwIfAborted();
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const checked = await assertPublicUrl(current, { allowHosts: opts.allowHosts });
      const res = await pinnedGet(checked.url, checked.addresses, timeoutMs, opts.signal);
      const status = res.statusCode ?? 0;

      if (REDIRECTS.has(status)) {
        res.resume();
        const location = res.headers.location;
        if (!location) throw new NonRetryableError(`${redact(current)} answered ${status} without a Location`, AttemptErrorCode.INPUT_FETCH_FAILED);
        if (hop >= maxRedirects) throw new NonRetryableError(`Too many redirects (more than ${maxRedirects}) from ${redact(url)}`, AttemptErrorCode.INPUT_FETCH_FAILED);
        current = new URL(location, checked.url).toString();
        continue;
      }
      if (status < 200 || status > 299) {
        res.resume();
        throw httpStatusError(status, current);
      }

      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        throw tooLarge(opts.maxBytes);
      }
      const size = await saveBody(res, dest, opts.maxBytes, timeoutMs, opts.signal);
      return { size, contentType: res.headers['content-type'] ?? null, finalUrl: current };
    }
  } catch (err) {
    await rm(dest, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (err instanceof JobError) throw err;
    throw networkError(err, current);
  }
}

async function saveBody(res: IncomingMessage, dest: string, maxBytes: number, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(size > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  res.setTimeout(timeoutMs, () => res.destroy(idleTimeout(timeoutMs)));
  await pipeline(res, limit, createWriteStream(dest), { signal });
  if (!res.complete) throw new JobError('The connection closed before the whole body arrived', AttemptErrorCode.INPUT_FETCH_FAILED);
  return size;
}

function httpStatusError(status: number, url: string): JobError {
  const message = `${redact(url)} answered HTTP ${status}`;
  // 408 and 429 are "try later"; other 4xx will not change on a retry.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return new NonRetryableError(message, AttemptErrorCode.INPUT_FETCH_FAILED);
  return new JobError(message, AttemptErrorCode.INPUT_FETCH_FAILED, true);
}

const tooLarge = (maxBytes: number) => new NonRetryableError(`The input is larger than the limit of ${maxBytes} bytes`, AttemptErrorCode.INPUT_TOO_LARGE);



function networkError(err: unknown, url: string): JobError {
  const e = err as NodeJS.ErrnoException;
  return new JobError(`Fetching ${redact(url)} failed: ${e.code ?? e.message ?? String(err)}`, AttemptErrorCode.INPUT_FETCH_FAILED, true, { cause: err });
}
