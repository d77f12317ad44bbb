import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Media tools whose processes are counted as "children" of a watched parent. */
const TOOLS = new Set(['ffmpeg', 'ffprobe']);

const statusField = (pid: number, field: 'VmRSS' | 'VmHWM' | 'Name'): string | null => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return new RegExp(`^${field}:\\s*(.+)$`, 'm').exec(status)?.[1]?.trim() ?? null;
  } catch {
    return null; // gone
  }
};
const kib = (pid: number, field: 'VmRSS' | 'VmHWM'): number => Number.parseInt(statusField(pid, field) ?? '0', 10) || 0;

/** The direct children of `pid`, over all its threads (a child belongs to the thread that forked it). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // the thread ended
      }
    }
  } catch {
    // the process ended
  }
  return out;
}

/** The ffmpeg/ffprobe children of `pid` right now. */
export const toolChildren = (pid: number): number[] => childPids(pid).filter((c) => TOOLS.has(statusField(c, 'Name') ?? ''));

/**
 * Peak resident memory of a few processes, and of the ffmpeg/ffprobe
 * processes they start, sampled every `intervalMs`. A window (one Spool run)
 * starts by resetting the kernel's high-water mark of the watched processes
 * (`/proc/<pid>/clear_refs` ← 5) and ends by reading it (`VmHWM`), so a spike
 * between two samples is not missed; the children are short-lived, so their
 * own `VmHWM` is read at every sample. Values are KiB.
 */
export class RssSampler {
  private readonly window = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private hwmResets = true;

  /**
   * @param watched name → pid of the processes to watch
   * @param parents name → pid of the processes whose ffmpeg/ffprobe children are watched (as `<name>:ffmpeg`)
   */
  constructor(
    private readonly watched: Record<string, number>,
    private readonly parents: Record<string, number>,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** False when the high-water marks could not be reset (then the window peaks are sampled VmRSS only). */
  get usesHwm(): boolean {
    return this.hwmResets;
  }

  beginWindow(): void {
    this.window.clear();
    for (const pid of Object.values(this.watched)) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        this.hwmResets = false;
      }
    }
    this.sample();
  }

  /** The peaks (KiB) since `beginWindow`. */
  endWindow(): Map<string, number> {
    this.sample();
    if (this.hwmResets) for (const [name, pid] of Object.entries(this.watched)) this.record(name, kib(pid, 'VmHWM'));
    return new Map(this.window);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.watched)) this.record(name, kib(pid, 'VmRSS'));
    for (const [name, pid] of Object.entries(this.parents)) {
      for (const child of toolChildren(pid)) this.record(`${name}:ffmpeg`, kib(child, 'VmHWM'));
    }
  }

  private record(key: string, value: number): void {
    if (value <= 0) return;
    if (value > (this.window.get(key) ?? 0)) this.window.set(key, value);
  }
}

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on. */
const TICK_MS = 10;

/** CPU time (ms) `pid` has used itself, and that of the children it has waited for (ffmpeg runs, once exited); zeros if it is gone. */
export function cpuParts(pid: number): { own: number; children: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is [0], utime [11], stime [12], cutime [13], cstime [14].
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return { own: 0, children: 0 };
  }
}

/** CPU time (ms) by process name (`<name>` itself, `<name>:children` its reaped children), for `pids` (name → pid). */
export function cpuSnapshot(pids: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, pid] of Object.entries(pids)) {
    const { own, children } = cpuParts(pid);
    out.set(name, own);
    if (children > 0) out.set(`${name}:children`, children);
  }
  return out;
}

/** `after − before`, per key. */
export const cpuDelta = (before: Map<string, number>, after: Map<string, number>): Map<string, number> =>
  new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));

export const sumOf = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
