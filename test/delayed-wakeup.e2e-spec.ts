import { SpoolStack } from './support/spool-stack.js';

/**
 * Jobs that become runnable by the clock alone (a retry after its backoff, a
 * `runAt` in the future) start when they are due, not at the next poll: the
 * worker here polls once a minute, so only a hint can start them on time.
 */
describe('delayed wake-up hints', () => {
  let stack: SpoolStack;
  const user = 'delayed-wakeup-user';
  /** A hint is due 5-15 ms after run_at; the rest is NATS, the claim and the worker starting the job, on a machine busy with other suites. The poll is 60 s away. */
  const ON_TIME_MS = 750;

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 1, workerEnv: { WORKER_POLL_INTERVAL_MS: '60000' } });
  }, 90_000);
  afterAll(() => stack?.stop());

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
