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

  static async start(opts: { workers?: number; workerEnv?: NodeJS.ProcessEnv } = {}): Promise<SpoolStack> {
    const stack = new SpoolStack();
    try {
      await stack.startNats();
      await stack.startJobs();
      await stack.startGateway();
      await Promise.all(Array.from({ length: opts.workers ?? 1 }, () => stack.startWorker(opts.workerEnv)));
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
  private async launch(name: string, app: string, portVar: string, env: NodeJS.ProcessEnv): Promise<{ child: Child; url: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = Child.start(
      name,
      process.execPath,
      [dist(app)],
      { NODE_ENV: 'test', NATS_URL: this.natsUrl, LOG_FORMAT: 'pretty', LOG_LEVEL: 'log', NATS_REQUEST_TIMEOUT_MS: '3000', HOST: '127.0.0.1', [portVar]: String(port), ...env },
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

  private async startGateway(): Promise<void> {
    ({ child: this.gateway, url: this.gatewayUrl } = await this.launch('gateway', 'gateway', 'PORT', {
      ADMIN_API_KEY: this.adminKey,
      JWT_SECRET: this.jwtSecret,
      SSE_KEEPALIVE_MS: '1000',
    }));
  }

  /** Starts one more worker-test process; resolves once it has registered and is ready. */
  async startWorker(env: NodeJS.ProcessEnv = {}): Promise<WorkerHandle> {
    const { child, url: httpUrl } = await this.launch(`worker-${++this.workersStarted}`, 'worker-test', 'WORKER_HTTP_PORT', {
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

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.child.stop('SIGKILL')));
    await this.gateway?.stop('SIGKILL');
    await this.jobs?.stop('SIGKILL');
    await this.nats?.stop('SIGKILL');
    await dropDatabase(this.databaseUrl).catch(() => undefined);
  }
}
