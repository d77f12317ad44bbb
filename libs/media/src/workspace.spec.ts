import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepWorkspaces, withWorkspace } from './workspace.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'spool-ws-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('withWorkspace', () => {
  it('gives a private directory and removes it after success', async () => {
    let seen = '';
    const result = await withWorkspace(root, 'job-1', async (dir) => {
      seen = dir;
      expect(dir.startsWith(join(root, 'job-1-'))).toBe(true);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      await writeFile(join(dir, 'a.bin'), 'x');
      return 42;
    });
    expect(result).toBe(42);
    await expect(stat(seen)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes the directory when fn throws, and rethrows', async () => {
    let seen = '';
    const boom = new Error('boom');
    await expect(
      withWorkspace(root, 'job-2', async (dir) => {
        seen = dir;
        await mkdir(join(dir, 'nested'));
        await writeFile(join(dir, 'nested', 'b.bin'), 'y');
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(stat(seen)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps names inside root', async () => {
    await withWorkspace(root, '../../etc/x', async (dir) => {
      expect(dir.startsWith(`${root}/`)).toBe(true);
      expect(dir.slice(root.length + 1)).not.toContain('/');
    });
  });
});

describe('sweepWorkspaces', () => {
  it('removes stale workspaces only', async () => {
    const old = new Date(Date.now() - 3_600_000);
    const stale = join(root, 'job-a-AbC123');
    await mkdir(join(stale, 'sub'), { recursive: true });
    await writeFile(join(stale, 'sub', 'f'), 'x');
    for (const p of [join(stale, 'sub', 'f'), join(stale, 'sub'), stale]) await utimes(p, old, old);

    const active = join(root, 'job-b-XyZ789'); // old directory, but a file inside is still being written
    await mkdir(active);
    await writeFile(join(active, 'out.mp4'), 'x');
    await utimes(active, old, old);

    const fresh = join(root, 'job-c-QwE456');
    await mkdir(fresh);

    const unrelated = join(root, 'not a workspace');
    await mkdir(unrelated);
    await utimes(unrelated, old, old);

    expect(await sweepWorkspaces(root, 600_000)).toBe(1);
    expect((await readdir(root)).sort()).toEqual(['job-b-XyZ789', 'job-c-QwE456', 'not a workspace']);
    expect(await sweepWorkspaces(join(root, 'missing'), 0)).toBe(0);
  });
});
