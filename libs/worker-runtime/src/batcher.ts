/**
 * Gathers items and sends them in batches: one send in flight at a time,
 * everything that arrives meanwhile goes in the next one. Keeps the hot path
 * to one request per batch of completions instead of one per job.
 */
export class Batcher<T> {
  private queue: T[] = [];
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  push(item: T): void {
    this.queue.push(item);
    if (!this.inFlight) this.inFlight = this.drain();
  }

  get pending(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Resolves once everything pushed so far has been sent. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async drain(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.send(batch);
    }
    this.inFlight = null;
  }
}
