import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait.js';

export interface ChildOptions {
  /** Start a Node script with `fork` and an IPC channel (`args[0]` is the script). */
  ipc?: boolean;
}

/** A service run as its own process by a test or a benchmark, its output kept in a log file. */
export class Child {
  /** The exit code, or the name of the signal that ended the process. */
  readonly exited: Promise<number | string | null>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  }

  static start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, options: ChildOptions = {}): Child {
    const logFile = join(logDir, `${name}.log`);
    const out = createWriteStream(logFile, { flags: 'a' });
    const spawnOptions = { env: { ...process.env, ...env } };
    const proc = options.ipc
      ? fork(args[0]!, args.slice(1), { ...spawnOptions, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
      : spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.pipe(out);
    proc.stderr!.pipe(out);
    return new Child(name, proc, logFile);
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Waits for an HTTP endpoint of this process to answer 200; fails early if the process dies. */
  async ready(url: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.name} exited:\n${this.log().slice(-3000)}`);
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) }).catch(() => null);
        return res?.ok;
      },
      { timeoutMs, intervalMs: 100, what: `${this.name} at ${url}` },
    ).catch((err) => {
      throw new Error(`${err.message}\n--- ${this.name} log ---\n${this.log().slice(-3000)}`);
    });
  }

  /** Sends `signal`, then SIGKILL after `timeoutMs`; resolves with how the process ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<number | string | null> {
    if (!this.running) return this.exited;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
