import { WorkerSubjects } from '@spool/contracts';
import { NatsRpc, sleep } from '@spool/testing';
import { SpoolStack } from './support/spool-stack.js';

describe('faults: lost leases, killed and stopped workers', () => {
  let stack: SpoolStack;
  const user = 'fault-user';

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 0 });
  }, 90_000);
  afterAll(() => stack?.stop());

  const get = async (id: string) => (await stack.http('GET', `/v1/jobs/${id}`, { user })).body;
  const until = (id: string, check: (job: any) => boolean, what: string, timeoutMs = 20_000) =>
    stack.waitForJob(user, id, check, what, timeoutMs);

  it('returns a job whose lease expired and refuses the stale worker', async () => {
    // The test is the worker here: it registers a type of its own so no real worker competes for the job.
    const nats = await NatsRpc.connect(stack.natsUrl);
    try {
      await nats.request(WorkerSubjects.register, {
        worker: { workerId: 'stale-worker', name: 'manual', host: 'test', pid: process.pid, version: 'test', concurrency: 1, activeJobs: 0, types: ['test.manual'] },
        definitions: [{ type: 'test.manual', inputSchema: { type: 'object' }, timeoutSeconds: 60 }],
      });
      const created = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.manual', input: { stale: true } } });
      expect(created.status).toBe(201);
      const claim = await nats.request(WorkerSubjects.claim, { workerId: 'stale-worker', types: ['test.manual'], max: 1, leaseSeconds: 2 });
      expect(claim.jobs).toHaveLength(1);
      const stale = claim.jobs[0];
      expect(stale.id).toBe(created.body.id);

      // No heartbeat: the reaper hands the job back once the 2 s lease runs out.
      const back = await until(stale.id, (j) => j.status === 'pending', 'back to pending');
      expect(back.lastError).toMatchObject({ code: 'LEASE_EXPIRED', attempt: 1, workerId: 'stale-worker' });

      const again = await nats.request(WorkerSubjects.claim, { workerId: 'fresh-worker', types: ['test.manual'], max: 1, leaseSeconds: 30 });
      expect(again.jobs[0].id).toBe(stale.id);
      expect(again.jobs[0].leaseToken).not.toBe(stale.leaseToken);
      expect(again.jobs[0].attempt).toBe(2);

      const refused = await nats.request(WorkerSubjects.complete, { workerId: 'stale-worker', items: [{ jobId: stale.id, leaseToken: stale.leaseToken, output: { from: 'stale' } }] });
      expect(refused.items).toEqual([{ jobId: stale.id, ok: false }]);
      const hb = await nats.request(WorkerSubjects.heartbeat, { workerId: 'stale-worker', leaseSeconds: 5, items: [{ jobId: stale.id, leaseToken: stale.leaseToken }] });
      expect(hb.items[0]).toMatchObject({ ok: false });
      const failRefused = await nats.request(WorkerSubjects.fail, { workerId: 'stale-worker', items: [{ jobId: stale.id, leaseToken: stale.leaseToken, error: { name: 'Error', message: 'x', code: 'X', retryable: false } }] });
      expect(failRefused.items[0].ok).toBe(false);
      expect((await get(stale.id)).status).toBe('running');

      const accepted = await nats.request(WorkerSubjects.complete, { workerId: 'fresh-worker', items: [{ jobId: stale.id, leaseToken: again.jobs[0].leaseToken, output: { from: 'fresh' } }] });
      expect(accepted.items[0].ok).toBe(true);
      // The same completion delivered twice (a retried request) is accepted and changes nothing.
      const repeated = await nats.request(WorkerSubjects.complete, { workerId: 'fresh-worker', items: [{ jobId: stale.id, leaseToken: again.jobs[0].leaseToken, output: { from: 'again' } }] });
      expect(repeated.items[0].ok).toBe(true);
      const done = await get(stale.id);
      expect(done).toMatchObject({ status: 'succeeded', output: { from: 'fresh' }, attempt: 2 });
      const succeededEvents = await stack.sql(`SELECT count(*)::int AS n FROM job_events WHERE job_id = $1 AND kind = 'succeeded'`, [stale.id]);
      expect(succeededEvents[0].n).toBe(1);
    } finally {
      await nats.close();
    }
  }, 40_000);

  it('answers a repeated claim with the jobs its first copy leased, same leases, no second start', async () => {
    const nats = await NatsRpc.connect(stack.natsUrl);
    const claim = (workerId: string, claimId: string, repeat: boolean) =>
      nats.request(WorkerSubjects.claim, { workerId, types: ['test.repeat'], max: 5, leaseSeconds: 30, claimId, repeat });
    const leases = (r: { jobs: { id: string; leaseToken: string; attempt: number }[] }) =>
      r.jobs.map((j) => ({ id: j.id, leaseToken: j.leaseToken, attempt: j.attempt })).sort((a, b) => a.id.localeCompare(b.id));
    try {
      await nats.request(WorkerSubjects.register, {
        worker: { workerId: 'repeat-worker', name: 'manual', host: 'test', pid: process.pid, version: 'test', concurrency: 5, activeJobs: 0, types: ['test.repeat'] },
        definitions: [{ type: 'test.repeat', inputSchema: { type: 'object' }, timeoutSeconds: 60 }],
      });
      const batch = await stack.http('POST', '/v1/jobs/batch', { user, body: { jobs: [{ type: 'test.repeat' }, { type: 'test.repeat' }] } });
      expect(batch.status).toBe(201);
      const ids = batch.body.items.map((i: { job: { id: string } }) => i.job.id).sort();

      const first = await claim('repeat-worker', '0b7a4c1e-5d7f-4c3a-9d1e-2f6a8b9c0d11', false);
      expect(leases(first).map((l) => l.id)).toEqual(ids);
      const again = await claim('repeat-worker', '0b7a4c1e-5d7f-4c3a-9d1e-2f6a8b9c0d11', true);
      expect(leases(again)).toEqual(leases(first));
      // Another worker repeating that claim id gets none of them (and there is nothing left to claim).
      expect((await claim('other-worker', '0b7a4c1e-5d7f-4c3a-9d1e-2f6a8b9c0d11', true)).jobs).toEqual([]);
      const started = await stack.sql(`SELECT job_id, count(*)::int AS n FROM job_events WHERE job_id = ANY ($1::uuid[]) AND kind = 'started' GROUP BY job_id`, [ids]);
      expect(started.map((r) => r.n)).toEqual([1, 1]);

      // A repeat whose first copy leased nothing (it never arrived) claims anew.
      const late = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.repeat' } });
      const fresh = await claim('repeat-worker', '6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', true);
      expect(fresh.jobs.map((j: { id: string }) => j.id)).toEqual([late.body.id]);

      const items = [...first.jobs, ...fresh.jobs].map((j: { id: string; leaseToken: string }) => ({ jobId: j.id, leaseToken: j.leaseToken, output: {} }));
      const completed = await nats.request(WorkerSubjects.complete, { workerId: 'repeat-worker', items });
      expect(completed.items.every((i: { ok: boolean }) => i.ok)).toBe(true);
    } finally {
      await nats.close();
    }
  }, 30_000);

  it('runs a job whose claim reply was lost while apps/jobs stalled: the worker repeats the claim and gets it', async () => {
    const worker = await stack.startWorker({ WORKER_POLL_INTERVAL_MS: '300', WORKER_LEASE_SECONDS: '30' });
    // Due in 1 s: the worker's poll sends its claim while apps/jobs is frozen, and the job is due by the time it thaws.
    const created = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.noop', input: { lost: 'reply' }, runAt: new Date(Date.now() + 1_000).toISOString() } });
    expect(created.status).toBe(201);
    stack.signalJobs('SIGSTOP');
    try {
      // Past the first copy's 3 s timeout (NATS_REQUEST_TIMEOUT_MS), within the repeat's.
      await sleep(4_500);
    } finally {
      stack.signalJobs('SIGCONT');
    }
    // The first copy leased the job and answered nobody; the repeat got it. Without the repeat the
    // job would wait out its 30 s lease and run again as attempt 2.
    const done = await until(created.body.id, (j) => j.status === 'succeeded', 'succeeded', 15_000);
    expect(done).toMatchObject({ attempt: 1, errors: [], workerId: worker.workerId });
    expect(worker.child.log()).toMatch(/spool\.worker\.claim: no answer .*retrying/);
    const kinds = (await stack.sql(`SELECT kind FROM job_events WHERE job_id = $1 ORDER BY seq`, [done.id])).map((r) => r.kind);
    expect(kinds).toEqual(['created', 'started', 'succeeded']);
    await worker.child.stop('SIGTERM');
  }, 40_000);

  it('finishes a job on another worker when its worker is killed with SIGKILL mid-job', async () => {
    const victim = await stack.startWorker({ WORKER_LEASE_SECONDS: '2' });
    const created = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.hang', input: { ms: 4000 } } });
    const running = await until(created.body.id, (j) => j.status === 'running', 'running');
    expect(running.workerId).toBe(victim.workerId);

    victim.child.proc.kill('SIGKILL');
    await victim.child.exited;
    const rescuer = await stack.startWorker({ WORKER_LEASE_SECONDS: '2' });

    const done = await until(created.body.id, (j) => j.status === 'succeeded', 'succeeded on the rescuer', 30_000);
    expect(done.workerId).toBe(rescuer.workerId);
    expect(done.attempt).toBe(2);
    expect(done.errors).toHaveLength(1);
    expect(done.errors[0]).toMatchObject({ code: 'LEASE_EXPIRED', workerId: victim.workerId });
    const kinds = (await stack.sql(`SELECT kind FROM job_events WHERE job_id = $1 ORDER BY seq`, [done.id])).map((r) => r.kind);
    expect(kinds.filter((k) => k === 'succeeded')).toHaveLength(1);
    expect(kinds).toContain('lease_expired');
    await rescuer.child.stop('SIGTERM');
  }, 60_000);

  it('on SIGTERM stops claiming, finishes in-flight jobs, then exits cleanly', async () => {
    const worker = await stack.startWorker({ WORKER_CONCURRENCY: '2', WORKER_POLL_INTERVAL_MS: '200' });
    const jobs = await Promise.all(
      [0, 1].map(() => stack.http('POST', '/v1/jobs', { user, body: { type: 'test.hang', input: { ms: 1500 } } })),
    );
    for (const j of jobs) await until(j.body.id, (x) => x.status === 'running', 'running');

    worker.child.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const late = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.noop', input: { late: true } } });
    // NestJS re-raises the signal once its shutdown hooks have run: an orderly exit by SIGTERM, not a kill.
    expect(await worker.child.exited).toBe('SIGTERM');

    for (const j of jobs) {
      const done = await get(j.body.id);
      expect(done).toMatchObject({ status: 'succeeded', attempt: 1, workerId: worker.workerId });
    }
    expect((await get(late.body.id)).status).toBe('pending');
    const [row] = await stack.sql(`SELECT stopped_at IS NOT NULL AS stopped FROM workers WHERE id = $1`, [worker.workerId]);
    expect(row.stopped).toBe(true);
    expect(worker.child.log()).toMatch(/no new claims/);
  }, 60_000);

  it('hands back jobs still running when the shutdown grace period runs out', async () => {
    const worker = await stack.startWorker({ WORKER_SHUTDOWN_GRACE_MS: '500' });
    const created = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.hang', input: { ms: 600_000 } } });
    await until(created.body.id, (j) => j.status === 'running', 'running');
    worker.child.proc.kill('SIGTERM');
    expect(await worker.child.exited).toBe('SIGTERM');
    const job = await get(created.body.id);
    expect(job).toMatchObject({ status: 'pending', attempt: 0 });
    const kinds = (await stack.sql(`SELECT kind FROM job_events WHERE job_id = $1 ORDER BY seq`, [created.body.id])).map((r) => r.kind);
    expect(kinds.slice(0, 2)).toEqual(['created', 'started']);
    expect(kinds[kinds.length - 1]).toBe('released');
    expect(kinds).not.toContain('attempt_failed');
    await stack.http('POST', `/v1/jobs/${created.body.id}/cancel`, { user });
  }, 30_000);
});
