import { spawn } from 'node:child_process';
import { TailBuffer } from './tail-buffer.js';

export interface ToolRun {
  command: string;
  args: string[];
  cwd?: string;
  signal?: AbortSignal;
  onStdout?: (chunk: string) => void;
  stderrTail?: { maxChars?: number; maxLines?: number };
}

export interface ToolExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
}

/** Raised when the executable could not be started at all (missing binary, EACCES...). */
export class ToolSpawnError extends Error {
  constructor(
    readonly command: string,
    err: NodeJS.ErrnoException,
  ) {
    super(`Could not start "${command}": ${err.code ?? err.message}`, { cause: err });
    this.name = 'ToolSpawnError';
    this.errno = err.code;
  }
  readonly errno?: string;
}

export const KILL_GRACE_MS = 2000;

/**
 * Runs a media tool to completion. On abort the child gets SIGTERM, then
 * SIGKILL after {@link KILL_GRACE_MS}; the promise rejects with the signal's
 * reason only once the child has exited, so a settled promise means no child
 * is left behind.
 */
export function runTool(run: ToolRun): Promise<ToolExit> {
  const { signal } = run;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<ToolExit>((resolve, reject) => {
    const tail = new TailBuffer(run.stderrTail?.maxChars, run.stderrTail?.maxLines);
    const child = spawn(run.command, run.args, { cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const alive = () => child.exitCode === null && child.signalCode === null;
    function onAbort() {
      if (!alive() || child.pid === undefined) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => {
        if (alive()) child.kill('SIGKILL');
      }, KILL_GRACE_MS);
    }

    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => run.onStdout?.(chunk));
    child.stderr.on('data', (chunk: string) => tail.push(chunk));

    child.on('error', (err: NodeJS.ErrnoException) => {
      // After a successful spawn, 'error' only reports a failed kill(); 'close' still follows.
      if (child.pid === undefined) finish(() => reject(new ToolSpawnError(run.command, err)));
    });
    child.on('close', (code, exitSignal) => {
      finish(() => {
        if (signal?.aborted) reject(signal.reason);
        else resolve({ code, signal: exitSignal, stderrTail: tail.toString() });
      });
    });
  });
}
