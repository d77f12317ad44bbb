import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import { Child } from './child.js';
import { freePort } from './ports.js';

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
  private readonly dbName: string;

  private constructor() {
    this.dbName = `spool_test_${process.pid}_${randomBytes(3).toString('hex')}`;
    this.databaseUrl = `${PG_URL}/${this.dbName}`;
  }

  static async start(opts: { workers?: number; workerEnv?: NodeJS.ProcessEnv; jobsEnv?: NodeJS.ProcessEnv; gatewayEnv?: NodeJS.ProcessEnv } = {}): Promise<SpoolStack> {
    const stack = new SpoolStack();
    try {
      await stack.startNats();
      await stack.startJobs(opts.jobsEnv);
      await stack.startGateway(opts.gatewayEnv);
      await Promise.all(Array.from({ length: opts.workers ?? 1 }, () => stack.startWorker(opts.workerEnv)));
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  private common(): NodeJS.ProcessEnv {
    return { NODE_ENV: 'test', NATS_URL: this.natsUrl, LOG_FORMAT: 'pretty', LOG_LEVEL: 'log', NATS_REQUEST_TIMEOUT_MS: '3000' };
  }

  private async startNats(): Promise<void> {
    const port = await freePort();
    this.natsUrl = `nats://127.0.0.1:${port}`;
    this.nats = Child.start('nats', '/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port)], {}, this.logDir);
    const { waitFor } = await import('./wait.js');
    const { connect } = await import('node:net');
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
          s.on('error', () => resolve(false));
        }),
      { what: 'nats-server', timeoutMs: 10_000 },
    );
  }

  async startJobs(env: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = await freePort();
    this.jobsUrl = `http://127.0.0.1:${port}`;
    this.jobs = Child.start(
      'jobs',
      process.execPath,
      [dist('jobs')],
      { ...this.common(), DATABASE_URL: this.databaseUrl, JOBS_HTTP_PORT: String(port), HOST: '127.0.0.1', REAPER_INTERVAL_MS: '300', ...env },
      this.logDir,
    );
    await this.jobs.ready(`${this.jobsUrl}/health/ready`);
  }

  async stopJobs(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.jobs?.stop(signal);
  }

  private async startGateway(env: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = await freePort();
    this.gatewayUrl = `http://127.0.0.1:${port}`;
    this.gateway = Child.start(
      'gateway',
      process.execPath,
      [dist('gateway')],
      { ...this.common(), PORT: String(port), HOST: '127.0.0.1', ADMIN_API_KEY: this.adminKey, JWT_SECRET: this.jwtSecret, SSE_KEEPALIVE_MS: '1000', ...env },
      this.logDir,
    );
    await this.gateway.ready(`${this.gatewayUrl}/health/ready`);
  }

  /** Starts one more worker-test process; resolves once it has registered and is ready. */
  async startWorker(env: NodeJS.ProcessEnv = {}): Promise<WorkerHandle> {
    const port = await freePort();
    const httpUrl = `http://127.0.0.1:${port}`;
    const child = Child.start(
      `worker-${this.workers.length + 1}`,
      process.execPath,
      [dist('worker-test')],
      {
        ...this.common(),
        WORKER_HTTP_PORT: String(port),
        HOST: '127.0.0.1',
        WORKER_CONCURRENCY: '4',
        WORKER_LEASE_SECONDS: '3',
        WORKER_POLL_INTERVAL_MS: '500',
        WORKER_SHUTDOWN_GRACE_MS: '10000',
        ...env,
      },
      this.logDir,
    );
    await child.ready(`${httpUrl}/health/ready`);
    const health = (await (await fetch(`${httpUrl}/health/live`)).json()) as { info: { worker: { workerId: string } } };
    const handle = { child, httpUrl, workerId: health.info.worker.workerId };
    this.workers.push(handle);
    return handle;
  }

  get workerHandles(): WorkerHandle[] {
    return this.workers;
  }

  async token(sub: string, secret = this.jwtSecret): Promise<string> {
    return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
  }

  /** One HTTP call to the gateway; `auth` is a user id (a token is minted) or `{ raw }` for an exact header. */
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
    const admin = new pg.Client({ connectionString: `${PG_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
