import {
  expandCreateBatchReply,
  JobsSubjects,
  WorkerSubjects,
  type CreateJobCommand,
  type CreateJobResult,
  type CreateJobsBatchReply,
  type JobView,
} from '@spool/contracts';
import { NatsRpc } from '@spool/testing';
import { randomUUID } from 'node:crypto';
import { SpoolStack } from './support/spool-stack.js';

/** What the gateway does for POST /v1/jobs/batch, minus HTTP: a compact reply, expanded to full views. */
describe('batch creation over NATS', () => {
  let stack: SpoolStack;
  let nats: NatsRpc;
  const user = 'batch-user';

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 0 });
    nats = await NatsRpc.connect(stack.natsUrl);
    // A type of the test's own, which no worker claims: the jobs stay as they were created.
    await nats.request(WorkerSubjects.register, {
      worker: { workerId: 'batch-test', name: 'manual', host: 'test', pid: process.pid, version: 'test', concurrency: 1, activeJobs: 0, types: ['test.batch'] },
      definitions: [{ type: 'test.batch', inputSchema: { type: 'object' }, timeoutSeconds: 77, maxAttempts: 4 }],
    });
  }, 90_000);
  afterAll(async () => {
    await nats?.close();
    await stack?.stop();
  });

  const createBatch = async (jobs: CreateJobCommand[], requestId: string): Promise<{ reply: CreateJobsBatchReply; results: CreateJobResult<JobView>[] }> => {
    const reply = await nats.request<CreateJobsBatchReply>(JobsSubjects.createBatch, { ownerId: user, jobs, requestId });
    return { reply, results: expandCreateBatchReply(user, jobs, reply) };
  };
  const get = async (id: string): Promise<JobView> => (await stack.http('GET', `/v1/jobs/${id}`, { user })).body;

  it('answers with what a read of each job returns, and a repeated request creates nothing', async () => {
    const parent = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.batch' } });
    expect(parent.status).toBe(201);
    const key = `batch-key-${randomUUID()}`;
    const jobs: CreateJobCommand[] = [
      { type: 'test.batch', input: { b: 1, a: { nested: ['x', 2] } }, project: 'p1', priority: 5 },
      { type: 'test.batch', idempotencyKey: key },
      { type: 'test.batch', maxAttempts: 7, timeoutSeconds: 30, backoffMs: 50 },
      { type: 'test.batch', runAt: new Date(Date.now() + 3_600_000).toISOString() },
      { type: 'test.batch', dependsOn: [parent.body.id] },
    ];
    const requestId = randomUUID();
    const first = await createBatch(jobs, requestId);
    // Jobs created as commanded travel as their id; the delayed and the blocked one in full.
    expect(first.reply.items.map((i) => typeof i)).toEqual(['string', 'string', 'string', 'object', 'object']);
    expect(first.results.map((r) => r.created)).toEqual([true, true, true, true, true]);
    expect(first.results[4]!.job).toMatchObject({ status: 'blocked', dependsOn: [parent.body.id] });
    expect(first.results[2]!.job).toMatchObject({ maxAttempts: 7, timeoutSeconds: 30 });
    expect(first.results[0]!.job).toMatchObject({ maxAttempts: 4, timeoutSeconds: 77, idempotencyKey: null });
    for (const r of first.results) expect(r.job).toEqual(await get(r.job.id));

    // The same request again (as JobsClient retries it): the same jobs, none created.
    const again = await createBatch(jobs, requestId);
    expect(again.results.map((r) => r.created)).toEqual([false, false, false, false, false]);
    expect(again.results.map((r) => r.job.id)).toEqual(first.results.map((r) => r.job.id));
    for (const r of again.results) expect(r.job).toEqual(await get(r.job.id));
    const [count] = await stack.sql(`SELECT count(*)::int AS jobs, sum((SELECT count(*) FROM job_events e WHERE e.job_id = j.id))::int AS events FROM jobs j WHERE owner_id = $1`, [user]);
    expect(count).toEqual({ jobs: 6, events: 6 });

    // Another request with a key in use gets the job that holds it.
    const other = await createBatch([{ type: 'test.batch', idempotencyKey: key }, { type: 'test.batch' }], randomUUID());
    expect(other.results.map((r) => r.created)).toEqual([false, true]);
    expect(other.results[0]!.job.id).toBe(first.results[1]!.job.id);
    expect(other.results[1]!.job).toEqual(await get(other.results[1]!.job.id));
  });
});
