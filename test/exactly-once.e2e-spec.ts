import { SpoolStack } from './support/spool-stack.js';
import { waitFor } from '@spool/testing';

describe('exactly-once processing under competition', () => {
  let stack: SpoolStack;

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 4, workerEnv: { WORKER_CONCURRENCY: '8', LOG_LEVEL: 'warn' } });
  }, 90_000);
  afterAll(() => stack?.stop());

  it('runs 2,000 jobs across 4 competing workers, each exactly once, none lost', async () => {
    for (let batch = 0; batch < 4; batch++) {
      const res = await stack.http('POST', '/v1/jobs/batch', {
        user: 'racer',
        body: { jobs: Array.from({ length: 500 }, (_, i) => ({ type: 'test.noop', input: { n: batch * 500 + i } })) },
      });
      expect(res.status).toBe(201);
    }

    await waitFor(
      async () => (await stack.sql(`SELECT count(*)::int AS n FROM jobs WHERE status = 'succeeded'`))[0].n === 2000,
      { timeoutMs: 90_000, intervalMs: 250, what: '2,000 succeeded jobs' },
    );

    const [summary] = await stack.sql(`
      SELECT count(*)::int AS jobs,
             count(*) FILTER (WHERE attempt = 1)::int AS first_attempt,
             count(DISTINCT (input->>'n'))::int AS distinct_inputs,
             count(DISTINCT worker_id)::int AS workers
        FROM jobs`);
    expect(summary).toEqual({ jobs: 2000, first_attempt: 2000, distinct_inputs: 2000, workers: 4 });

    const started = await stack.sql(`
      SELECT job_id, count(*)::int AS n FROM job_events WHERE kind = 'started' GROUP BY job_id HAVING count(*) <> 1`);
    expect(started).toEqual([]);
    const succeeded = await stack.sql(`SELECT count(*)::int AS n FROM job_events WHERE kind = 'succeeded'`);
    expect(succeeded[0].n).toBe(2000);

    // Every event of a job has a distinct, gap-free sequence number.
    const gaps = await stack.sql(`
      SELECT job_id FROM job_events GROUP BY job_id HAVING max(seq) <> count(*) OR min(seq) <> 1`);
    expect(gaps).toEqual([]);
  }, 120_000);
});
