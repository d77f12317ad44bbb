import { WorkerSubjects } from '@spool/contracts';
import { NatsRpc, sleep } from '@spool/testing';
import { SpoolStack } from './support/spool-stack.js';

/**
 * How a job reaches a worker: claims that wait in apps/jobs for work, and
 * jobs that become runnable by the clock alone (a retry after its backoff, a
 * `runAt` in the future) starting when they are due. The worker here has a
 * 60 s poll interval, so its claims wait 30 s (the cap) before they come back
 * empty: only the due time's wake-up can start those jobs on time.
 */
describe('dispatch: waiting claims and delayed wake-up hints', () => {
  let stack: SpoolStack;
  let nats: NatsRpc;
  const user = 'dispatch-user';
  /** A hint is due 5-15 ms after run_at; the rest is NATS, the claim and the worker starting the job, on a machine busy with other suites. The worker's claim would otherwise wait 30 s. */
  const ON_TIME_MS = 750;

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 1, workerEnv: { WORKER_POLL_INTERVAL_MS: '60000' } });
    nats = await NatsRpc.connect(stack.natsUrl);
    // A type of the test's own, claimed by hand below; the real worker does not serve it.
    await nats.request(WorkerSubjects.register, {
      worker: { workerId: 'waiting-worker', name: 'manual', host: 'test', pid: process.pid, version: 'test', concurrency: 1, activeJobs: 0, types: ['test.waiting'] },
      definitions: [{ type: 'test.waiting', inputSchema: { type: 'object' }, timeoutSeconds: 60 }],
    });
  }, 90_000);
  afterAll(async () => {
    await nats?.close();
    await stack?.stop();
  });
  const waitingClaim = (waitMs: number) =>
    nats.request(WorkerSubjects.claim, { workerId: 'waiting-worker', types: ['test.waiting'], max: 1, leaseSeconds: 30, waitMs }, waitMs + 5_000);

  it('holds a claim that finds nothing until a job is created, and answers with that job', async () => {
    const t0 = Date.now();
    const claim = waitingClaim(10_000);
    await sleep(300);
    const id = await create({ type: 'test.waiting', input: { n: 1 } });
    const answer = await claim;
    expect(answer.jobs.map((j: { id: string }) => j.id)).toEqual([id]);
    expect(Date.now() - t0).toBeLessThan(5_000); // not the end of its 10 s wait
    const [row] = await stack.sql(`SELECT status, attempt, worker_id FROM jobs WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'running', attempt: 1, worker_id: 'waiting-worker' });
    const done = await nats.request(WorkerSubjects.complete, {
      workerId: 'waiting-worker',
      items: [{ jobId: id, leaseToken: answer.jobs[0].leaseToken, output: {} }],
    });
    expect(done.items[0].ok).toBe(true);
  }, 20_000);

  it('answers a waiting claim with nothing when its wait runs out, or at once when its worker unparks', async () => {
    let t0 = Date.now();
    expect((await waitingClaim(600)).jobs).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);

    t0 = Date.now();
    const claim = waitingClaim(10_000);
    await sleep(300);
    nats.connection.publish(WorkerSubjects.unpark, JSON.stringify({ workerId: 'waiting-worker' }));
    expect((await claim).jobs).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(5_000);
  }, 30_000);

  const create = async (body: Record<string, unknown>) => {
    const res = await stack.http('POST', '/v1/jobs', { user, body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Milliseconds by the database clock. */
  const eventTimes = (jobId: string) =>
    stack.sql(
      `SELECT kind, (extract(epoch FROM created_at) * 1000)::float8 AS at,
              (extract(epoch FROM (data->>'retryAt')::timestamptz) * 1000)::float8 AS retry_at
         FROM job_events WHERE job_id = $1 ORDER BY seq`,
      [jobId],
    );

  it('starts a retry when its backoff ends', async () => {
    const id = await create({ type: 'test.flaky', input: { failTimes: 2 }, backoffMs: 600 });
    await stack.waitForJob(user, id, (job) => job.status === 'succeeded', 'succeeded', 15_000);
    const events = await eventTimes(id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'started', 'attempt_failed', 'started', 'attempt_failed', 'started', 'succeeded']);
    for (const i of [2, 4]) {
      const late = events[i + 1].at - events[i].retry_at;
      expect(events[i].retry_at - events[i].at).toBeGreaterThanOrEqual(300 * 2 ** (i / 2 - 1) - 5); // the backoff was waited
      expect(late).toBeGreaterThanOrEqual(-5);
      expect(late).toBeLessThan(ON_TIME_MS);
    }
  }, 30_000);

  it('starts a job created with a future runAt at that time', async () => {
    const runAt = new Date(Date.now() + 1_500);
    const id = await create({ type: 'test.noop', runAt: runAt.toISOString() });
    const job = await stack.waitForJob(user, id, (j) => j.status === 'succeeded', 'succeeded', 15_000);
    const [row] = await stack.sql(
      `SELECT (extract(epoch FROM started_at - run_at) * 1000)::float8 AS late FROM jobs WHERE id = $1`,
      [id],
    );
    expect(job.attempt).toBe(1);
    expect(row.late).toBeGreaterThanOrEqual(-5);
    expect(row.late).toBeLessThan(ON_TIME_MS);
  }, 30_000);

  it('starts a dependent released before its runAt at that time', async () => {
    const parent = await create({ type: 'test.hang', input: { ms: 300 } });
    const created = await stack.http('POST', '/v1/jobs', {
      user,
      body: { type: 'test.noop', dependsOn: [parent], runAt: new Date(Date.now() + 1_500).toISOString() },
    });
    expect(created.body.status).toBe('blocked'); // released by the parent's completion, not born pending
    const child = created.body.id as string;
    await stack.waitForJob(user, child, (j) => j.status === 'succeeded', 'succeeded', 15_000);
    const [row] = await stack.sql(
      `SELECT (extract(epoch FROM c.started_at - c.run_at) * 1000)::float8 AS late, p.finished_at < c.run_at AS released_early
         FROM jobs c, jobs p WHERE c.id = $1 AND p.id = $2`,
      [child, parent],
    );
    expect(row.released_early).toBe(true);
    expect(row.late).toBeGreaterThanOrEqual(-5);
    expect(row.late).toBeLessThan(ON_TIME_MS);
  }, 30_000);

  it('starts a batch of jobs due together, each once', async () => {
    const runAt = new Date(Date.now() + 1_000).toISOString();
    const res = await stack.http('POST', '/v1/jobs/batch', {
      user,
      body: { jobs: Array.from({ length: 20 }, () => ({ type: 'test.noop', runAt, project: 'due-together' })) },
    });
    expect(res.status).toBe(201);
    const ids: string[] = res.body.items.map((i: { job: { id: string } }) => i.job.id);
    for (const id of ids) await stack.waitForJob(user, id, (j) => j.status === 'succeeded', 'succeeded', 15_000);
    const rows = await stack.sql(
      `SELECT attempt, (extract(epoch FROM started_at - run_at) * 1000)::float8 AS late FROM jobs WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      expect(r.attempt).toBe(1);
      expect(r.late).toBeLessThan(ON_TIME_MS);
    }
  }, 30_000);
});
