import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { WAKEUP_WILDCARDS, WorkerSubjects, type ClaimResult, type UnparkRequest, type WakeupHint } from '@spool/contracts';
import { NatsPublisher } from '@spool/messaging';
import type { Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';

/** One try of a claim: the claim statement for the request that waits. */
type Attempt = () => Promise<ClaimResult>;

interface Parked {
  workerId: string;
  types: Set<string>;
  attempt: Attempt;
  resolve: (result: ClaimResult) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
  /** An attempt is running: a wake-up meanwhile is remembered (`woken`) and tried after it. */
  trying: boolean;
  woken: boolean;
  /** Its wait ran out or its worker is stopping: it answers once no attempt is running. */
  expired: boolean;
}

/**
 * Claims that wait for work (a long poll): a worker with free slots and
 * nothing to do asks with `waitMs`, and a job that becomes runnable goes to
 * it straight from the commit that made it so, without a hint to the worker
 * and a claim request back (two NATS hops). Jobs made runnable by another
 * replica reach this one through the wake-up hints it hears too. A wait that
 * runs out answers with no jobs and the worker asks again: that is its poll.
 */
@Injectable()
export class ParkedClaims implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ParkedClaims.name);
  /** Marks the hints this replica publishes: it has served its own parked claims already. */
  readonly origin = randomUUID();
  private readonly parked = new Set<Parked>();
  private subscriptions: Subscription[] = [];
  private closing = false;

  constructor(private readonly nats: NatsPublisher) {}

  onApplicationBootstrap(): void {
    const heard = (hint: WakeupHint): void => {
      if (hint.origin !== this.origin) this.wake([[hint.type, hint.count]]);
    };
    this.subscriptions = [
      ...WAKEUP_WILDCARDS.map((subject) => this.nats.subscribe<WakeupHint>(subject, heard)),
      // Published to every replica: the one holding the worker's claim may be any of them.
      this.nats.subscribe<UnparkRequest>(WorkerSubjects.unpark, (req) => this.unpark(req.workerId)),
    ];
  }

  /**
   * Tries `attempt` now and again whenever jobs of `types` become runnable,
   * until one brings jobs or `waitMs` runs out (then: no jobs). Parked before
   * the first try, so a job committed while it runs is not missed.
   */
  claim(workerId: string, types: string[], waitMs: number, attempt: Attempt): Promise<ClaimResult> {
    if (this.closing) return attempt();
    return new Promise((resolve, reject) => {
      const entry: Parked = {
        workerId,
        types: new Set(types),
        attempt,
        resolve,
        reject,
        trying: false,
        woken: false,
        expired: false,
        timer: setTimeout(() => this.expire(entry), waitMs),
      };
      this.parked.add(entry);
      this.try(entry);
    });
  }

  /** Jobs of these types became runnable, `count` of each: wakes up to that many waiting claims per type, oldest first. */
  wake(counts: Iterable<[type: string, count: number]>): void {
    for (const [type, count] of counts) {
      let left = count;
      for (const entry of this.parked) {
        if (left <= 0) break;
        if (!entry.types.has(type)) continue;
        // One being tried may fill up on other jobs: it tries again if it comes back empty,
        // but the job is not counted as taken, so a claim that is free is tried for it too.
        if (entry.trying) {
          entry.woken = true;
          continue;
        }
        left--;
        this.try(entry);
      }
    }
  }

  /** A worker stopping: its waiting claims answer now, with nothing. */
  unpark(workerId: string): void {
    for (const entry of this.parked) if (entry.workerId === workerId) this.expire(entry);
  }

  get size(): number {
    return this.parked.size;
  }

  /** Shutting down: waiting claims answer while the NATS server still replies, and no claim waits any more. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const s of this.subscriptions) s.unsubscribe();
    for (const entry of this.parked) this.expire(entry);
  }

  private try(entry: Parked): void {
    entry.trying = true;
    entry.woken = false;
    entry.attempt().then(
      (result) => {
        entry.trying = false;
        if (result.jobs.length > 0 || entry.expired) this.settle(entry, () => entry.resolve(result));
        else if (entry.woken) this.try(entry);
      },
      (err: unknown) => {
        entry.trying = false;
        this.logger.warn(`claim of ${entry.workerId} failed: ${err instanceof Error ? err.message : String(err)}`);
        this.settle(entry, () => entry.reject(err));
      },
    );
  }

  private expire(entry: Parked): void {
    entry.expired = true;
    if (!entry.trying) this.settle(entry, () => entry.resolve({ jobs: [] }));
  }

  private settle(entry: Parked, answer: () => void): void {
    if (!this.parked.delete(entry)) return;
    clearTimeout(entry.timer);
    answer();
  }
}
