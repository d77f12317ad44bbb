import { signUserToken } from '@spool/auth';
import { freePort, sleep, type Child } from '@spool/testing';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { freshDatabase, nowMs, startChild, stopChild, withDatabase } from '../queue/util.js';
import { toolChildren } from './rss.js';

/** The client streams files in 1 MiB chunks, as a tuned upload tool would (curl uses large buffers too). */
const CLIENT_CHUNK_BYTES = 1024 * 1024;

export const SERVICES = {
  jobs: 'dist/apps/jobs/src/main.js',
  gateway: 'dist/apps/gateway/src/main.js',
  'worker-av': 'dist/apps/worker-av/src/main.js',
  'worker-image': 'dist/apps/worker-image/src/main.js',
} as const;
export type ServiceName = keyof typeof SERVICES;

export interface StackConfig {
  adminUrl: string;
  dbName: string;
  natsUrl: string;
  /** Holds `storage/` (the local storage driver) and `work/` (the workers' job workspaces). */
  dataDir: string;
  workerConcurrency: number;
}

const USER = 'bench-media';
const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/**
 * jobs + gateway + worker-av + worker-image from dist/, as the e2e stack
 * starts them (test/support/spool-stack.ts), but in production mode with
 * their default worker settings, and with ingest on upload off so only the
 * benchmarked job runs.
 */
export class MediaStack {
  readonly databaseUrl: string;
  readonly children = {} as Record<ServiceName, Child>;
  gatewayUrl = '';
  private token = '';

  constructor(private readonly cfg: StackConfig) {
    this.databaseUrl = withDatabase(cfg.adminUrl, cfg.dbName);
  }

  async start(): Promise<void> {
    await freshDatabase(this.databaseUrl);
    const jwtSecret = randomBytes(32).toString('hex');
    const gatewayPort = await freePort();
    this.gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const common = {
      NODE_ENV: 'production',
      NATS_URL: this.cfg.natsUrl,
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'json',
      HOST: '127.0.0.1',
      STORAGE_DRIVER: 'local',
      STORAGE_DIR: join(this.cfg.dataDir, 'storage'),
      STORAGE_SIGNING_SECRET: randomBytes(32).toString('hex'),
      PUBLIC_BASE_URL: this.gatewayUrl,
      WORK_DIR: join(this.cfg.dataDir, 'work'),
    };
    const launch = async (name: ServiceName, portVar: string, env: Record<string, string>, port?: number) => {
      port ??= await freePort();
      const child = startChild(name, process.execPath, [SERVICES[name]], { ...common, ...env, [portVar]: String(port) });
      this.children[name] = child;
      await child.ready(`http://127.0.0.1:${port}/health/ready`, 60_000);
    };
    await launch('jobs', 'JOBS_HTTP_PORT', { DATABASE_URL: this.databaseUrl, INGEST_ON_UPLOAD: 'false' });
    await launch('gateway', 'PORT', { ADMIN_API_KEY: randomBytes(24).toString('hex'), JWT_SECRET: jwtSecret }, gatewayPort);
    // A short shutdown grace: a stopped worker aborts its job (ffmpeg gets SIGTERM) well before stopChild's SIGKILL.
    const worker = { WORKER_CONCURRENCY: String(this.cfg.workerConcurrency), WORKER_SHUTDOWN_GRACE_MS: '2000' };
    await Promise.all([
      launch('worker-av', 'WORKER_HTTP_PORT', { ...worker, WORKER_NAME: 'bench-av' }),
      launch('worker-image', 'WORKER_HTTP_PORT', { ...worker, WORKER_NAME: 'bench-image' }),
    ]);
    this.token = await signUserToken({ sub: USER, secret: jwtSecret, ttl: '6h' });
  }

  pid(name: ServiceName): number {
    const pid = this.children[name]?.proc.pid;
    if (!pid) throw new Error(`${name} has no pid`);
    return pid;
  }

  /** The ffmpeg/ffprobe processes the workers are running right now. */
  toolPids(): number[] {
    return (['worker-av', 'worker-image'] as const).flatMap((n) => (this.children[n]?.running ? toolChildren(this.children[n].proc.pid!) : []));
  }

  async stop(): Promise<void> {
    await Promise.all((['worker-av', 'worker-image'] as const).map((n) => this.children[n] && stopChild(this.children[n])));
    await Promise.all((['gateway', 'jobs'] as const).map((n) => this.children[n] && stopChild(this.children[n])));
  }

  /** Streams a file to `POST /v1/uploads` (no ingest); resolves with the asset. */
  async upload(path: string, filename: string, bytes: number): Promise<{ id: string }> {
    const res = await this.send('POST', `/v1/uploads?ingest=false&filename=${encodeURIComponent(filename)}`, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes) },
      body: (req) => pipeline(createReadStream(path, { highWaterMark: CLIENT_CHUNK_BYTES }), req),
    });
    const body = await json(res);
    if (res.statusCode !== 201) throw new Error(`upload of ${filename}: ${res.statusCode} ${JSON.stringify(body)}`);
    return body as { id: string };
  }

  async createJob(type: string, input: Record<string, unknown>): Promise<JobRow> {
    const payload = JSON.stringify({ type, input });
    const res = await this.send('POST', '/v1/jobs', {
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
      body: async (req) => void req.end(payload),
    });
    const body = await json(res);
    if (res.statusCode !== 201) throw new Error(`POST /v1/jobs ${type}: ${res.statusCode} ${JSON.stringify(body)}`);
    return body as JobRow;
  }

  async getJob(id: string): Promise<JobRow> {
    const res = await this.send('GET', `/v1/jobs/${id}`);
    const body = await json(res);
    if (res.statusCode !== 200) throw new Error(`GET /v1/jobs/${id}: ${res.statusCode} ${JSON.stringify(body)}`);
    return body as JobRow;
  }

  /**
   * Follows the job's Server-Sent Events (`GET /v1/jobs/:id/events`: its
   * history, then live) until a terminal event arrives, then reads the job
   * once; resolves with it and the moment the terminal event was seen. Falls
   * back to polling `GET /v1/jobs/:id` every `pollMs` if the stream ends early.
   */
  async waitForEnd(id: string, timeoutMs: number, pollMs = 100): Promise<{ job: JobRow; seenAt: number }> {
    const deadline = Date.now() + timeoutMs;
    const seenAt = await this.terminalEvent(id, timeoutMs).catch(() => null);
    for (;;) {
      const job = await this.getJob(id);
      if (TERMINAL.has(job.status)) return { job, seenAt: seenAt ?? nowMs() };
      if (Date.now() > deadline) throw new Error(`job ${id} (${job.type}) still ${job.status} after ${timeoutMs / 1000} s`);
      await sleep(pollMs);
    }
  }

  /** Resolves with the time the job's first terminal SSE event arrived; rejects if the stream ends without one. */
  private async terminalEvent(id: string, timeoutMs: number): Promise<number> {
    const res = await this.send('GET', `/v1/jobs/${id}/events`, { headers: { accept: 'text/event-stream' } });
    if (res.statusCode !== 200) {
      res.resume();
      throw new Error(`GET /v1/jobs/${id}/events: ${res.statusCode}`);
    }
    const timer = setTimeout(() => res.destroy(new Error('timed out')), timeoutMs);
    try {
      let buffered = '';
      res.setEncoding('utf8');
      for await (const chunk of res as AsyncIterable<string>) {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line.startsWith('event:') && TERMINAL.has(line.slice(6).trim())) {
            const at = nowMs();
            res.destroy();
            return at;
          }
        }
      }
      throw new Error('the event stream ended without a terminal event');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Streams `GET /v1/assets/:id/content` to `path`; resolves with the byte count. */
  async download(assetId: string, path: string): Promise<number> {
    const res = await this.send('GET', `/v1/assets/${assetId}/content`);
    if (res.statusCode !== 200) throw new Error(`download of ${assetId}: ${res.statusCode} ${await text(res)}`);
    const out = createWriteStream(path, { highWaterMark: CLIENT_CHUNK_BYTES });
    let bytes = 0;
    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(res, out);
    return bytes;
  }

  /**
   * When the worker logged "input … fetched" for `jobId` (its JSON log line's
   * timestamp, same clock as ours), or null if the line is not there: splits
   * the job's running time into fetching the input and the rest.
   */
  inputFetchedAt(worker: ServiceName, jobId: string): number | null {
    for (const line of this.children[worker].log().split('\n')) {
      if (!line.includes(jobId) || !line.includes(' fetched')) continue;
      try {
        const entry = JSON.parse(line) as { timestamp?: number; message?: string; context?: string };
        if (entry.context?.includes(jobId) && entry.message?.startsWith('input ') && typeof entry.timestamp === 'number') return entry.timestamp;
      } catch {
        // not a JSON line
      }
    }
    return null;
  }

  /** Removes an asset and its bytes (after a run, outside the timed part, to keep the storage small). */
  async deleteAsset(id: string): Promise<void> {
    const res = await this.send('DELETE', `/v1/assets/${id}`);
    await text(res);
  }

  private send(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; body?: (req: ReturnType<typeof request>) => Promise<void> } = {},
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.gatewayUrl}${path}`, { method, headers: { authorization: `Bearer ${this.token}`, ...opts.headers } }, resolve);
      req.on('error', reject);
      if (opts.body) opts.body(req).catch(reject);
      else req.end();
    });
  }
}

export interface JobRow {
  id: string;
  type: string;
  status: string;
  output: Record<string, unknown> | null;
  lastError: unknown;
  attempt: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const text = async (res: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
const json = async (res: IncomingMessage): Promise<unknown> => {
  const t = await text(res);
  try {
    return t ? JSON.parse(t) : null;
  } catch {
    return t;
  }
};
