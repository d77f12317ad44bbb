import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `path` is absolute and lies strictly inside `dir` (lexically: no `..` escape). */
export function isInsideDir(dir: string, path: string): boolean {
  if (!isAbsolute(path) || !isAbsolute(dir)) return false;
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

/** A programming error, not a job failure: callers must only hand over workspace files. */
export function assertInsideWorkspace(workspace: string, path: string, what: string): string {
  if (!isInsideDir(workspace, path)) {
    throw new Error(`${what} must be an absolute path inside the workspace ${workspace}: ${JSON.stringify(path)}`);
  }
  return resolve(path);
}
