import { dropDatabase, ensureDatabase } from '@spool/database';
import { Child, waitFor } from '@spool/testing';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';

/** Wall-clock milliseconds with sub-millisecond precision (same clock as test.noop's `startedAtMs`). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
};
export const envStr = (name: string, fallback: string): string => process.env[name] || fallback;

// ---------------------------------------------------------------- children

const children = new Set<Child>();
const stopping = new Set<Child>();
let logDir = '';

export function setLogDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  logDir = dir;
}
export const getLogDir = (): string => logDir;

/** Starts a child whose output goes to `<logDir>/<name>.log`; it is killed when the benchmark exits. */
export function startChild(name: string, command: string, args: string[], env: Record<string, string>, ipc = false): Child {
  return track(Child.start(name, command, args, env, logDir, { ipc }));
}

/** Stops `child` with the others at the end, and reports it if it dies before. */
export function track(child: Child): Child {
  const { name } = child;
  children.add(child);
  void child.exited.then((code) => {
    children.delete(child);
    if (!stopping.has(child) && code !== 0) console.error(`  ! ${name} exited unexpectedly (${code}); see ${child.logFile}`);
  });
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves when the child is gone. */
export async function stopChild(child: Child, graceMs = 8000): Promise<void> {
  stopping.add(child);
  await child.stop('SIGTERM', graceMs);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** Last resort on exit: no waiting possible, SIGKILL whatever is left. */
export function installCleanup(): void {
  process.once('exit', () => {
    for (const c of children) c.proc.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping children`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

// ---------------------------------------------------------------- database

export const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Drops and re-creates the database of `url`. */
export async function freshDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await ensureDatabase(url);
}

/** Polls `sql` (one numeric column) until `done(value)`; returns the wall-clock time it saw it. */
export async function pollUntil(pool: pg.Pool, sql: string, done: (n: number) => boolean, timeoutMs: number): Promise<number> {
  await waitFor(
    async () => {
      const { rows } = await pool.query(sql);
      return done(Number(Object.values(rows[0] ?? {})[0] ?? 0));
    },
    { timeoutMs, intervalMs: 20, what: sql },
  );
  return nowMs();
}

// ---------------------------------------------------------------- statistics

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencyStats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

// ---------------------------------------------------------------- machine

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  nats: string;
  date: string;
}

export async function machineInfo(adminUrl: string, natsVersion: string): Promise<MachineInfo> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  const { rows } = await c.query<{ server_version: string }>('SHOW server_version');
  await c.end();
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: rows[0]?.server_version ?? 'unknown',
    nats: natsVersion,
    date: new Date().toISOString(),
  };
}

/** Replaces a generated section of docs/PERFORMANCE.md, between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`. */
export function writeDocsSection(name: string, table: string, path = 'docs/PERFORMANCE.md'): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) {
    console.error(`${path}: markers ${start} / ${end} not found, not updated`);
    return;
  }
  writeFileSync(path, `${doc.slice(0, i + start.length)}\n${table}\n${doc.slice(j)}`);
  console.log(`\n${path} updated`);
}
