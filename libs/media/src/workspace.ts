import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories withWorkspace makes: `<name>-<6 random chars>` (mkdtemp). */
const WORKSPACE_DIR = /^[A-Za-z0-9._-]+-[A-Za-z0-9]{6}$/;

/**
 * Runs `fn` in a fresh private directory `root/<name>-<random>` (mode 0700)
 * and removes it afterwards, whether `fn` succeeds, throws or is aborted.
 */
export async function withWorkspace<T>(root: string, name: string, fn: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(root, { recursive: true });
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'job';
  const dir = await mkdtemp(join(root, `${safeName}-`));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Removes workspaces a crashed worker left in `root`: directories named like
 * withWorkspace's in which nothing changed for `olderThanMs`. Returns how
 * many were removed. `root` should hold workspaces only.
 */
export async function sweepWorkspaces(root: string, olderThanMs: number): Promise<number> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || !WORKSPACE_DIR.test(entry.name)) continue;
    const dir = join(root, entry.name);
    try {
      if ((await lastChange(dir)) >= cutoff) continue;
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
      removed++;
    } catch (err) {
      // Removed meanwhile (its job just finished): nothing left to sweep.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return removed;
}

/**
 * Latest mtime of a directory and what it holds: a long encode only touches
 * its output file, not the directory, and must not look stale.
 */
async function lastChange(dir: string, depth = 2): Promise<number> {
  let latest = (await stat(dir)).mtimeMs;
  if (depth === 0) return latest;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      latest = Math.max(latest, entry.isDirectory() ? await lastChange(path, depth - 1) : (await stat(path)).mtimeMs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return latest;
}
