import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait.js';

/** A service of the stack running as its own process, its output kept in a log file. */
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

  static start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logDir: string): Child {
    const logFile = join(logDir, `${name}.log`);
    const out = createWriteStream(logFile);
    const proc = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
        const res = await fetch(url).catch(() => null);
        return res?.ok;
      },
      { timeoutMs, intervalMs: 100, what: `${this.name} at ${url}` },
    ).catch((err) => {
      throw new Error(`${err.message}\n--- ${this.name} log ---\n${this.log().slice(-3000)}`);
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<number | string | null> {
    if (!this.running) return this.exited;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
