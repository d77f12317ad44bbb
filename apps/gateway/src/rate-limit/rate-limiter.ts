export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Until the window of this key ends. */
  resetInMs: number;
}

/**
 * Fixed windows per key, in this process's memory: a window opens at a key's
 * first hit and allows `limit` hits for `windowMs`. Expired windows are
 * swept as hits come, so no timer is left running.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  private nextSweepAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(key: string, now = Date.now()): RateLimitDecision {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    const allowed = window.hits < this.limit;
    if (allowed) window.hits++;
    return { allowed, limit: this.limit, remaining: this.limit - window.hits, resetInMs: window.endsAt - now };
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.windowMs;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
