/**
 * Turns ffmpeg `-progress` output (key=value lines, each block ending with
 * `progress=continue|end`) into percentages of `durationSeconds`.
 * Reports are clamped to 0–100, never go backwards and come at most every
 * `intervalMs`; 100 is reported by {@link complete} only, once the run has
 * really succeeded.
 */
export class FfmpegProgressParser {
  private partial = '';
  private outTimeUs: number | null = null;
  private lastReported = -1;
  private lastReportAt = 0;

  constructor(
    private readonly durationSeconds: number | null | undefined,
    private readonly onProgress: ((percent: number) => void) | undefined,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line.trim());
  }

  /** The run succeeded: report 100 if not done yet. */
  complete(): void {
    this.report(100, true);
  }

  private line(line: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    switch (key) {
      case 'out_time_us':
      case 'out_time_ms': // also microseconds, despite its name
        this.setTime(Number(value));
        break;
      case 'out_time':
        if (this.outTimeUs === null) this.setTime(parseClock(value) * 1e6);
        break;
      case 'progress':
        this.blockEnd();
        break;
    }
  }

  private setTime(us: number): void {
    if (Number.isFinite(us)) this.outTimeUs = Math.max(0, us);
  }

  private blockEnd(): void {
    const us = this.outTimeUs;
    this.outTimeUs = null;
    const duration = this.durationSeconds;
    if (us === null || !duration || !(duration > 0)) return;
    // 100 means "done": while ffmpeg still runs (muxing, trailer) stay just below it.
    this.report(Math.min(99.9, (us / 1e6 / duration) * 100), false);
  }

  private report(percent: number, force: boolean): void {
    if (!this.onProgress) return;
    const p = Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
    if (p <= this.lastReported) return;
    const t = this.now();
    if (!force && this.lastReported >= 0 && t - this.lastReportAt < this.intervalMs) return;
    this.lastReported = p;
    this.lastReportAt = t;
    this.onProgress(p);
  }
}

/** "HH:MM:SS.micro" → seconds (NaN when not a clock, e.g. "N/A"). */
export function parseClock(value: string): number {
  const m = /^(-?)(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value);
  if (!m) return Number.NaN;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] ? -s : s;
}
