import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { signUserToken } from '@spool/auth';
import { dropDatabase } from '@spool/database';
import { Child, freePort, startNatsServer, waitFor } from '@spool/testing';
import pg from 'pg';

const ROOT = new URL('../../', import.meta.url).pathname;
const dist = (app: string): string => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
const PG_URL = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type WorkerApp = 'worker-test' | 'worker-av' | 'worker-image';

export interface StackOptions {
  /** How many worker-test processes to start. */
  workers?: number;
  workerEnv?: NodeJS.ProcessEnv;
  /** Media workers to start, one process each. */
  mediaWorkers?: WorkerApp[];
  /** Settings for every app (e.g. MAX_UPLOAD_BYTES, URL_FETCH_ALLOW_HOSTS). */
  env?: NodeJS.ProcessEnv;
}

export interface WorkerHandle {
  child: Child;
  httpUrl: string;
  workerId: string;
}

/**
 * The real system for one test file: its own NATS server and database, and
 * apps/jobs, apps/gateway and workers as separate processes built from dist.
 * Nothing is mocked; everything talks over loopback.
 */
export class SpoolStack {
  readonly adminKey = `admin-${randomBytes(24).toString('hex')}`;
  readonly jwtSecret = `secret-${randomBytes(24).toString('hex')}`;
  readonly logDir = mkdtempSync(join(tmpdir(), 'spool-test-'));
  /** The local storage driver's directory, shared by the gateway and the media workers. */
  readonly storageDir = join(this.logDir, 'storage');
  readonly signingSecret = randomBytes(32).toString('hex');
  private sharedEnv: NodeJS.ProcessEnv = {};
  readonly databaseUrl: string;
  natsUrl = '';
  gatewayUrl = '';
  jobsUrl = '';
  private nats?: Child;
  private jobs?: Child;
  private gateway?: Child;
  private readonly workers: WorkerHandle[] = [];
  /** Counted when a start begins, so workers started together get distinct names (and log files). */
  private workersStarted = 0;

  private constructor() {
    this.databaseUrl = `${PG_URL}/spool_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  }

  static async start(opts: StackOptions = {}): Promise<SpoolStack> {
    const stack = new SpoolStack();
    try {
      await stack.startNats();
      const gatewayPort = await freePort();
      stack.sharedEnv = {
        STORAGE_DIR: stack.storageDir,
        STORAGE_SIGNING_SECRET: stack.signingSecret,
        PUBLIC_BASE_URL: `http://127.0.0.1:${gatewayPort}`,
        WORK_DIR: join(stack.logDir, 'work'),
        ...opts.env,
      };
      await stack.startJobs();
      await stack.startGateway(gatewayPort);
      await Promise.all([
        ...Array.from({ length: opts.workers ?? 1 }, () => stack.startWorker(opts.workerEnv)),
        ...(opts.mediaWorkers ?? []).map((app) => stack.startWorker({ WORKER_CONCURRENCY: '2', ...opts.workerEnv }, app)),
      ]);
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  private async startNats(): Promise<void> {
    const server = await startNatsServer(this.logDir);
    this.nats = server.child;
    this.natsUrl = server.url;
  }

  /** Runs `dist/apps/<app>` on a free port (its port variable named by `portVar`) and waits until it is ready. */
  private async launch(name: string, app: string, portVar: string, env: NodeJS.ProcessEnv, port?: number): Promise<{ child: Child; url: string }> {
    port ??= await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = Child.start(
      name,
      process.execPath,
      [dist(app)],
      { NODE_ENV: 'test', NATS_URL: this.natsUrl, LOG_FORMAT: 'pretty', LOG_LEVEL: 'log', NATS_REQUEST_TIMEOUT_MS: '3000', HOST: '127.0.0.1', [portVar]: String(port), ...this.sharedEnv, ...env },
      this.logDir,
    );
    await child.ready(`${url}/health/ready`);
    return { child, url };
  }

  private async startJobs(): Promise<void> {
    ({ child: this.jobs, url: this.jobsUrl } = await this.launch('jobs', 'jobs', 'JOBS_HTTP_PORT', {
      DATABASE_URL: this.databaseUrl,
      REAPER_INTERVAL_MS: '300',
    }));
  }

  private async startGateway(port: number): Promise<void> {
    ({ child: this.gateway, url: this.gatewayUrl } = await this.launch(
      'gateway',
      'gateway',
      'PORT',
      { ADMIN_API_KEY: this.adminKey, JWT_SECRET: this.jwtSecret, SSE_KEEPALIVE_MS: '1000' },
      port,
    ));
  }

  /** Starts one more worker process (worker-test unless named); resolves once it has registered and is ready. */
  async startWorker(env: NodeJS.ProcessEnv = {}, app: WorkerApp = 'worker-test'): Promise<WorkerHandle> {
    const { child, url: httpUrl } = await this.launch(`${app}-${++this.workersStarted}`, app, 'WORKER_HTTP_PORT', {
      WORKER_CONCURRENCY: '4',
      WORKER_LEASE_SECONDS: '3',
      WORKER_POLL_INTERVAL_MS: '500',
      WORKER_SHUTDOWN_GRACE_MS: '10000',
      ...env,
    });
    const health = (await (await fetch(`${httpUrl}/health/live`)).json()) as { info: { worker: { workerId: string } } };
    const handle = { child, httpUrl, workerId: health.info.worker.workerId };
    this.workers.push(handle);
    return handle;
  }

  get workerHandles(): WorkerHandle[] {
    return this.workers;
  }

  token(sub: string, secret = this.jwtSecret): Promise<string> {
    return signUserToken({ sub, secret, ttl: '1h' });
  }

  /** Polls a user's job through the API until `check` holds; returns the job then. */
  waitForJob(user: string, id: string, check: (job: any) => boolean, what: string, timeoutMs = 20_000): Promise<any> {
    return waitFor(
      async () => {
        const job = (await this.http('GET', `/v1/jobs/${id}`, { user })).body;
        return check(job) ? job : null;
      },
      { timeoutMs, what: `job ${id} ${what}` },
    );
  }

  /** One HTTP call to the gateway: `user` mints a token for that user id, `admin` sends the admin key, `auth` is the exact header. */
  async http<T = any>(method: string, path: string, opts: { user?: string; admin?: boolean; auth?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.user) headers.authorization = `Bearer ${await this.token(opts.user)}`;
    if (opts.admin) headers.authorization = `Bearer ${this.adminKey}`;
    if (opts.auth !== undefined) headers.authorization = opts.auth;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  /** Uploads bytes as a user through POST /v1/uploads. */
  async upload(user: string, bytes: Buffer, query = '', headers: Record<string, string> = {}): Promise<HttpResult> {
    const res = await fetch(`${this.gatewayUrl}/v1/uploads${query ? `?${query}` : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.token(user)}`, 'content-type': 'application/octet-stream', ...headers },
      body: bytes,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }

  /** Downloads an asset's bytes as its owner. */
  async download(user: string, assetId: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const res = await fetch(`${this.gatewayUrl}/v1/assets/${assetId}/content`, { headers: { authorization: `Bearer ${await this.token(user)}`, ...headers } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** Polls a user's asset until `check` holds. */
  waitForAsset(user: string, id: string, check: (asset: any) => boolean, what: string, timeoutMs = 60_000): Promise<any> {
    return waitFor(
      async () => {
        const asset = (await this.http('GET', `/v1/assets/${id}`, { user })).body;
        return check(asset) ? asset : null;
      },
      { timeoutMs, what: `asset ${id} ${what}` },
    );
  }

  /** Direct SQL on the stack's database, to check what the API cannot show. */
  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** SIGSTOP freezes apps/jobs with the requests it is sent queued, as a stalled service would; SIGCONT thaws it. */
  signalJobs(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.jobs!.proc.kill(signal);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.child.stop('SIGKILL')));
    await this.gateway?.stop('SIGKILL');
    await this.jobs?.stop('SIGKILL');
    await this.nats?.stop('SIGKILL');
    await dropDatabase(this.databaseUrl).catch(() => undefined);
  }
}
