import { SpoolStack } from './support/spool-stack.js';

describe('job lifecycle through the gateway', () => {
  let stack: SpoolStack;
  const user = 'lifecycle-user';

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 1 });
  }, 90_000);
  afterAll(() => stack?.stop());

  const create = async (body: Record<string, unknown>, headers?: Record<string, string>) =>
    stack.http('POST', '/v1/jobs', { user, body, headers });
  const get = async (id: string) => (await stack.http('GET', `/v1/jobs/${id}`, { user })).body;
  const until = (id: string, status: string, timeoutMs = 20_000) =>
    stack.waitForJob(user, id, (job) => job.status === status, status, timeoutMs);

  it('runs a job to success with its output and events', async () => {
    const res = await create({ type: 'test.noop', input: { hello: 'world' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'test.noop', ownerId: user, attempt: 0, maxAttempts: 3 });
    const job = await until(res.body.id, 'succeeded');
    expect(job.output.echo).toEqual({ hello: 'world' });
    expect(job.progress).toBe(100);
    expect(new Date(job.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(job.startedAt).getTime());
    const kinds = (await stack.sql(`SELECT kind FROM job_events WHERE job_id = $1 ORDER BY seq`, [job.id])).map((r) => r.kind);
    expect(kinds).toEqual(['created', 'started', 'succeeded']);
  });

  it('backs off exponentially between attempts and fails after max_attempts with a structured error', async () => {
    const res = await create({ type: 'test.flaky', input: { failTimes: 10 }, maxAttempts: 4, backoffMs: 200 });
    const job = await until(res.body.id, 'failed', 30_000);
    expect(job.attempt).toBe(4);
    expect(job.errors).toHaveLength(4);
    expect(job.lastError).toMatchObject({ name: 'Error', message: 'flaky failure on attempt 4', code: 'PROCESSOR_ERROR', attempt: 4, retryable: true });
    expect(job.lastError.workerId).toBe(stack.workerHandles[0]!.workerId);
    expect(typeof job.lastError.stack).toBe('string');
    expect(Number.isNaN(Date.parse(job.lastError.at))).toBe(false);

    // The delay each failure scheduled (retryAt − its time): equal jitter keeps it in [0.5, 1] x 200 ms x 2^(n-1).
    // The next start comes no sooner (test/dispatch.e2e-spec.ts checks it comes on time).
    const events = await stack.sql(
      `SELECT kind, (extract(epoch FROM created_at) * 1000)::float8 AS at, (extract(epoch FROM (data->>'retryAt')::timestamptz) * 1000)::float8 AS retry_at
         FROM job_events WHERE job_id = $1 ORDER BY seq`,
      [job.id],
    );
    const delays: number[] = [];
    for (let i = 1; i < events.length; i++) {
      if (events[i - 1].kind !== 'attempt_failed' || events[i].kind !== 'started') continue;
      const delay = events[i - 1].retry_at - events[i - 1].at;
      delays.push(delay);
      expect(events[i].at).toBeGreaterThanOrEqual(events[i - 1].retry_at - 5);
      expect(events[i].at - events[i - 1].retry_at).toBeLessThan(1500);
    }
    expect(delays).toHaveLength(3);
    delays.forEach((delay, n) => {
      expect(delay).toBeGreaterThanOrEqual(0.5 * 200 * 2 ** n - 5);
      expect(delay).toBeLessThanOrEqual(200 * 2 ** n + 5);
    });
    // [0.5, 1] x 800 ms always exceeds [0.5, 1] x 200 ms.
    expect(delays[2]!).toBeGreaterThan(delays[0]!);
  }, 40_000);

  it('retries a flaky job until it succeeds', async () => {
    const res = await create({ type: 'test.flaky', input: { failTimes: 2 }, backoffMs: 50 });
    const job = await until(res.body.id, 'succeeded');
    expect(job.attempt).toBe(3);
    expect(job.output).toEqual({ succeededOnAttempt: 3 });
    expect(job.errors.map((e: { attempt: number }) => e.attempt)).toEqual([1, 2]);
  });

  it('fails a non-retryable error at once', async () => {
    const res = await create({ type: 'test.fail-hard', input: { reason: 'corrupt input' } });
    const job = await until(res.body.id, 'failed');
    expect(job.attempt).toBe(1);
    expect(job.lastError).toMatchObject({ code: 'BAD_INPUT', message: 'corrupt input', retryable: false, name: 'NonRetryableError' });
  });

  it('cancels a pending job at once', async () => {
    const res = await create({ type: 'test.noop', runAt: new Date(Date.now() + 60_000).toISOString() });
    expect(res.body.status).toBe('pending');
    const canceled = await stack.http('POST', `/v1/jobs/${res.body.id}/cancel`, { user, body: { reason: 'changed my mind' } });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancelReason: 'changed my mind' });
    const again = await stack.http('POST', `/v1/jobs/${res.body.id}/cancel`, { user });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.code).toBe('JOB_ALREADY_FINISHED');
  });

  it('cancels a running job through the heartbeat reply; it ends canceled', async () => {
    const res = await create({ type: 'test.hang' });
    await until(res.body.id, 'running');
    const asked = await stack.http('POST', `/v1/jobs/${res.body.id}/cancel`, { user });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'running', cancelRequested: true });
    const job = await until(res.body.id, 'canceled', 10_000);
    expect(job.lastError.code).toBe('CANCELED');
    expect(job.finishedAt).not.toBeNull();
  });

  it('retries a failed or canceled job on request, keeping its error history', async () => {
    const failed = await create({ type: 'test.fail-hard', input: { reason: 'first' } });
    await until(failed.body.id, 'failed');
    const retried = await stack.http('POST', `/v1/jobs/${failed.body.id}/retry`, { user });
    expect(retried.status).toBe(200);
    expect(retried.body.attempt).toBe(0);
    const again = await stack.waitForJob(user, failed.body.id, (job) => job.status === 'failed' && job.errors.length === 2, 'failed twice');
    expect(again.attempt).toBe(1);
    const kinds = (await stack.sql(`SELECT kind FROM job_events WHERE job_id = $1 ORDER BY seq`, [failed.body.id])).map((r) => r.kind);
    expect(kinds).toEqual(['created', 'started', 'failed', 'retried', 'started', 'failed']);

    const later = await create({ type: 'test.noop', runAt: new Date(Date.now() + 60_000).toISOString() });
    await stack.http('POST', `/v1/jobs/${later.body.id}/cancel`, { user });
    const revived = await stack.http('POST', `/v1/jobs/${later.body.id}/retry`, { user });
    expect(revived.body).toMatchObject({ cancelReason: null, finishedAt: null });
    await until(later.body.id, 'succeeded');

    const notFinished = await stack.http('POST', `/v1/jobs/${later.body.id}/retry`, { user });
    expect(notFinished.status).toBe(409);
    expect(notFinished.body.code).toBe('JOB_NOT_RETRYABLE');
  });

  it('holds a dependent job blocked until its parents succeed, and hands it their outputs', async () => {
    const a = await create({ type: 'test.hang', input: { ms: 800 } });
    const b = await create({ type: 'test.noop', input: { p: 'b' } });
    const child = await create({ type: 'test.noop', dependsOn: [a.body.id, b.body.id] });
    expect(child.status).toBe(201);
    expect(child.body.status).toBe('blocked');
    expect([...child.body.dependsOn].sort()).toEqual([a.body.id, b.body.id].sort());
    const done = await until(child.body.id, 'succeeded');
    expect([...done.output.dependencies].sort()).toEqual([a.body.id, b.body.id].sort());
    const parent = await get(a.body.id);
    expect(new Date(done.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(parent.finishedAt).getTime());
  });

  it('cancels dependents, transitively, with a reason when a parent fails', async () => {
    const parent = await create({ type: 'test.fail-hard', runAt: new Date(Date.now() + 1500).toISOString() });
    const child = await create({ type: 'test.noop', dependsOn: [parent.body.id] });
    const grandchild = await create({ type: 'test.noop', dependsOn: [child.body.id] });
    expect(grandchild.body.status).toBe('blocked');
    await until(parent.body.id, 'failed');
    const c = await until(child.body.id, 'canceled');
    const g = await until(grandchild.body.id, 'canceled');
    expect(c.cancelReason).toBe(`dependency ${parent.body.id} failed`);
    expect(g.cancelReason).toBe(`dependency ${parent.body.id} failed`);
    const late = await create({ type: 'test.noop', dependsOn: [parent.body.id] });
    expect(late.body).toMatchObject({ status: 'canceled', cancelReason: `dependency ${parent.body.id} failed` });
  });

  it('cancels dependents when a parent is canceled', async () => {
    const parent = await create({ type: 'test.noop', runAt: new Date(Date.now() + 60_000).toISOString() });
    const child = await create({ type: 'test.noop', dependsOn: [parent.body.id] });
    await stack.http('POST', `/v1/jobs/${parent.body.id}/cancel`, { user });
    const c = await until(child.body.id, 'canceled');
    expect(c.cancelReason).toBe(`dependency ${parent.body.id} was canceled`);
  });

  it('returns the same job for the same Idempotency-Key', async () => {
    const key = `key-${Date.now()}`;
    const first = await create({ type: 'test.noop', input: { n: 1 } }, { 'idempotency-key': key });
    const second = await create({ type: 'test.noop', input: { n: 1 } }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.idempotencyKey).toBe(key);
    const rows = await stack.sql(`SELECT count(*)::int AS n FROM jobs WHERE idempotency_key = $1`, [key]);
    expect(rows[0].n).toBe(1);
    // Another user's identical key is their own job.
    const other = await stack.http('POST', '/v1/jobs', { user: 'someone-else', body: { type: 'test.noop' }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('records progress reported by the processor', async () => {
    const res = await create({ type: 'test.progress', input: { steps: 4, stepMs: 400 } });
    const job = await until(res.body.id, 'succeeded');
    expect(job.progress).toBe(100);
    const progress = await stack.sql(`SELECT data FROM job_events WHERE job_id = $1 AND kind = 'progress' ORDER BY seq`, [res.body.id]);
    const values = progress.map((p) => p.data.progress as number);
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values[values.length - 1]).toBeGreaterThanOrEqual(75);
  });

  it('rejects unknown fields, unknown types and bad input with problem+json', async () => {
    const unknownField = await create({ type: 'test.noop', colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.headers.get('content-type')).toContain('application/problem+json');
    expect(unknownField.body.code).toBe('UNKNOWN_FIELD');
    expect(JSON.stringify(unknownField.body.errors)).toContain('colour');

    const unknownType = await create({ type: 'video.nope' });
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.code).toBe('UNKNOWN_JOB_TYPE');

    const badInput = await create({ type: 'test.flaky', input: { failTimes: 'often' } });
    expect(badInput.status).toBe(422);
    expect(badInput.body.code).toBe('INVALID_JOB_INPUT');
    expect(badInput.body.errors).toEqual([{ field: 'input.failTimes', message: 'must be integer' }]);

    const tooBig = await create({ type: 'test.noop', input: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');

    const missing = await stack.http('GET', '/v1/jobs/00000000-0000-4000-8000-000000000000', { user });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('JOB_NOT_FOUND');
    const rows = await stack.sql(`SELECT count(*)::int AS n FROM jobs WHERE input ? 'blob' OR type = 'video.nope'`);
    expect(rows[0].n).toBe(0);
  });

  it('lists jobs with filters and cursor pagination', async () => {
    const owner = `lister-${Date.now()}`;
    const created = await stack.http('POST', '/v1/jobs/batch', {
      user: owner,
      body: { jobs: Array.from({ length: 5 }, (_, i) => ({ type: 'test.noop', project: i % 2 ? 'odd' : 'even', runAt: new Date(Date.now() + 60_000).toISOString() })) },
    });
    expect(created.status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await stack.http(
        'GET',
        `/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { user: owner },
      );
      seen.push(...page.body.items.map((j) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const odd = await stack.http('GET', '/v1/jobs?project=odd&status=pending', { user: owner });
    expect(odd.body.items).toHaveLength(2);
  });

  it('lists registered job types with their input schema', async () => {
    const res = await stack.http('GET', '/v1/job-types', { user });
    expect(res.status).toBe(200);
    const flaky = res.body.find((t: { type: string }) => t.type === 'test.flaky');
    expect(flaky.inputSchema.required).toEqual(['failTimes']);
    expect(flaky.workers).toBe(1);
  });

  it('serves Prometheus metrics: queue depth per type and status, claims, failures, durations', async () => {
    await create({ type: 'test.noop', runAt: new Date(Date.now() + 60_000).toISOString() });
    const res = await fetch(`${stack.jobsUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const jobs = await res.text();
    const gateway = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    /** The value of the sample of `name` whose labels include all of `labels`, in any order. */
    const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const [pending] = await stack.sql(`SELECT count(*)::int AS n FROM jobs WHERE type = 'test.noop' AND status = 'pending'`);
    expect(sample(jobs, 'spool_queue_depth', { type: 'test.noop', status: 'pending' })).toBe(pending.n);
    expect(sample(jobs, 'spool_queue_depth', { type: 'test.fail-hard', status: 'running' })).toBe(0);
    expect(sample(jobs, 'spool_jobs_claimed_total', { type: 'test.noop' })).toBeGreaterThan(0);
    expect(sample(jobs, 'spool_job_attempt_failures_total', { type: 'test.fail-hard', code: 'BAD_INPUT' })).toBeGreaterThan(0);
    expect(sample(jobs, 'spool_job_retries_total', { type: 'test.flaky' })).toBeGreaterThan(0);
    expect(sample(jobs, 'spool_job_duration_seconds_count', { type: 'test.noop', status: 'succeeded' })).toBeGreaterThan(0);
    expect(sample(gateway, 'spool_http_requests_total', { method: 'POST', route: '/v1/jobs', status: '201' })).toBeGreaterThan(0);
  });
});
