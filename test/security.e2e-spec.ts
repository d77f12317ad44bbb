import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SpoolStack } from './support/spool-stack.js';

describe('security: users, admins, start-up checks', () => {
  let stack: SpoolStack;

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 1 });
  }, 90_000);
  afterAll(() => stack?.stop());

  it('keeps users apart: another user\'s job is 404 everywhere', async () => {
    const mine = await stack.http('POST', '/v1/jobs', { user: 'alice', body: { type: 'test.noop', runAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(mine.status).toBe(201);
    const id = mine.body.id;
    for (const [method, path] of [
      ['GET', `/v1/jobs/${id}`],
      ['POST', `/v1/jobs/${id}/cancel`],
      ['POST', `/v1/jobs/${id}/retry`],
      ['GET', `/v1/jobs/${id}/events`],
    ] as const) {
      const res = await stack.http(method, path, { user: 'mallory' });
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 404, code: 'JOB_NOT_FOUND' });
    }
    const list = await stack.http('GET', '/v1/jobs', { user: 'mallory' });
    expect(list.body.items.map((j: { id: string }) => j.id)).not.toContain(id);
    const dep = await stack.http('POST', '/v1/jobs', { user: 'mallory', body: { type: 'test.noop', dependsOn: [id] } });
    expect(dep.status).toBe(422);
    expect(dep.body.code).toBe('DEPENDENCY_NOT_FOUND');
    expect((await stack.http('GET', `/v1/jobs/${id}`, { user: 'alice' })).body.status).toBe('pending');
  });

  it('requires a valid user token', async () => {
    expect((await stack.http('GET', '/v1/jobs')).status).toBe(401);
    expect((await stack.http('GET', '/v1/jobs', { auth: 'Bearer not-a-jwt' })).status).toBe(401);
    const forged = await stack.token('alice', 'some-other-secret-that-is-long-enough');
    const res = await stack.http('GET', '/v1/jobs', { auth: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('guards admin routes with the admin key: 401 when missing or wrong', async () => {
    for (const path of ['/v1/admin/queue', '/v1/admin/jobs', '/v1/admin/workers']) {
      const missing = await stack.http('GET', path);
      expect(missing.status).toBe(401);
      const wrong = await stack.http('GET', path, { auth: `Bearer ${stack.adminKey.slice(0, -1)}x` });
      expect(wrong.status).toBe(401);
      const userToken = await stack.http('GET', path, { user: 'alice' });
      expect(userToken.status).toBe(401);
      expect(wrong.body.code).toBe('UNAUTHORIZED');
    }
    const cleanup = await stack.http('POST', '/v1/admin/maintenance/cleanup', { body: { olderThanDays: 1 } });
    expect(cleanup.status).toBe(401);
  });

  it('shows the queue, every owner\'s jobs and the workers to an admin', async () => {
    await stack.http('POST', '/v1/jobs', { user: 'bob', body: { type: 'test.noop' } });
    const queue = await stack.http('GET', '/v1/admin/queue', { admin: true });
    expect(queue.status).toBe(200);
    expect(queue.body.liveWorkers).toBe(1);
    expect(queue.body.types.map((t: { type: string }) => t.type)).toContain('test.noop');
    const jobs = await stack.http('GET', '/v1/admin/jobs?limit=100', { admin: true });
    const owners = new Set(jobs.body.items.map((j: { ownerId: string }) => j.ownerId));
    expect(owners.has('alice') && owners.has('bob')).toBe(true);
    const workers = await stack.http('GET', '/v1/admin/workers', { admin: true });
    expect(workers.body[0]).toMatchObject({ workerId: stack.workerHandles[0]!.workerId, alive: true, concurrency: 4 });
    const cleanup = await stack.http('POST', '/v1/admin/maintenance/cleanup', { admin: true, body: { olderThanDays: 0 } });
    expect(cleanup.status).toBe(200);
    expect(cleanup.body.deletedJobs).toBeGreaterThanOrEqual(1);
  });

  it('lets an admin find stuck jobs and cancel or retry any owner\'s job', async () => {
    const created = await stack.http('POST', '/v1/jobs', { user: 'carol', body: { type: 'test.hang', input: { ms: 60_000 } } });
    await stack.waitForJob('carol', created.body.id, (j) => j.status === 'running', 'running');
    const stuck = await stack.http('GET', '/v1/admin/jobs?stuck=true&stuckMinutes=0', { admin: true });
    expect(stuck.body.items.map((j: { id: string }) => j.id)).toContain(created.body.id);
    const cancel = await stack.http('POST', `/v1/admin/jobs/${created.body.id}/cancel`, { admin: true });
    expect(cancel.status).toBe(200);
    await stack.waitForJob('carol', created.body.id, (j) => j.status === 'canceled', 'canceled');
    const retry = await stack.http('POST', `/v1/admin/jobs/${created.body.id}/retry`, { admin: true });
    expect(retry.status).toBe(200);
    expect(['pending', 'running']).toContain(retry.body.status);
    await stack.http('POST', `/v1/admin/jobs/${created.body.id}/cancel`, { admin: true });
  });

  it('refuses to start the gateway with an admin key shorter than 32 characters', () => {
    const main = join(new URL('../', import.meta.url).pathname, 'dist/apps/gateway/src/main.js');
    for (const key of ['', 'short-key', 'x'.repeat(31)]) {
      const res = spawnSync(process.execPath, [main], {
        env: { ...process.env, ADMIN_API_KEY: key, NATS_URL: stack.natsUrl, PORT: '0' },
        timeout: 20_000,
        encoding: 'utf8',
      });
      expect(res.status).not.toBe(0);
      expect(res.status).not.toBeNull();
      expect(`${res.stdout}${res.stderr}`).toMatch(/ADMIN_API_KEY/);
    }
  });
});
