import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { jobEventSubject, wakeupOneSubject, wakeupSubject, type WakeupHint } from '@spool/contracts';
import { NatsPublisher } from '@spool/messaging';
import { ParkedClaims } from '../lifecycle/parked-claims.js';
import type { EventRow } from './event-row.js';

/** Events published per turn of the event loop: a batch of 1,000 never holds up requests for long. */
const SLICE = 250;

/** Delayed hints due within this many milliseconds of each other share a timer. */
const LATER_BUCKET_MS = 10;
/** A delayed hint goes out this long after its job became runnable by the database clock, so the claim finds it. */
const LATER_MARGIN_MS = 5;
/** Further out than this, a job is left to the workers' poll: a poll interval late matters little by then, and timers are memory. */
const LATER_HORIZON_MS = 60 * 60_000;

/** A pending job that becomes runnable later (a retry after its backoff, a `runAt` in the future). */
export interface DueLater {
  type: string;
  /** From now, by the database clock: its run_at minus the transition's now(). */
  delayMs: number;
}

/**
 * Publishes what a committed transaction did: its events on
 * `job.events.<jobId>` and a wake-up hint per job type that gained runnable
 * work. Call only after commit: a rolled-back change must never be seen.
 *
 * Events go out in the order they were given, through one queue: a large
 * batch is sent in slices, between which apps/jobs serves other requests
 * (its next batch insert runs in PostgreSQL meanwhile), and an event
 * published later (a job's `started`) never overtakes an earlier one still
 * queued (its `created`). Publishing waits for the next turn of the event
 * loop, so the request that made the change is answered first.
 */
@Injectable()
export class JobEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(JobEventsPublisher.name);
  private readonly queue: EventRow[] = [];
  private scheduled = false;
  private readonly later = new Map<number, { timer: NodeJS.Timeout; types: string[] }>();
  private closed = false;

  constructor(
    private readonly nats: NatsPublisher,
    private readonly parked: ParkedClaims,
  ) {}

  /** Queues the events; they go out on the next turn of the event loop, after the caller has answered. */
  publishEvents(rows: EventRow[]): void {
    for (const row of rows) this.queue.push(row);
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /**
   * One hint per type; `runnable` lists the type of every job that became
   * runnable. Claims waiting in this replica are served first; then a hint
   * for one job wakes one worker, a hint for more wakes all (and the claims
   * waiting in other replicas).
   */
  wake(runnable: Iterable<string>): void {
    const counts = new Map<string, number>();
    for (const type of runnable) counts.set(type, (counts.get(type) ?? 0) + 1);
    this.parked.wake(counts);
    for (const [type, count] of counts) {
      this.nats.publish(count === 1 ? wakeupOneSubject(type) : wakeupSubject(type), { type, count, origin: this.parked.origin } satisfies WakeupHint);
    }
  }

  /**
   * Hints for jobs that become runnable later, sent when they do, so a retry
   * starts when its backoff ends rather than at the next poll. Only this
   * replica holds the timers: if it stops first, the poll finds the jobs.
   */
  wakeLater(due: Iterable<DueLater>): void {
    if (this.closed) return;
    for (const { type, delayMs } of due) {
      if (delayMs > LATER_HORIZON_MS) continue;
      const at = Math.ceil((Date.now() + Math.max(delayMs, 0) + LATER_MARGIN_MS) / LATER_BUCKET_MS) * LATER_BUCKET_MS;
      let bucket = this.later.get(at);
      if (!bucket) {
        const timer = setTimeout(() => {
          const types = this.later.get(at)?.types ?? [];
          this.later.delete(at);
          try {
            this.wake(types);
          } catch (err) {
            // The connection is closed (shutting down): the workers' poll finds these jobs.
            this.logger.warn(`${types.length} delayed wake-up hints not published: ${err instanceof Error ? err.message : String(err)}`);
          }
        }, at - Date.now());
        timer.unref();
        bucket = { timer, types: [] };
        this.later.set(at, bucket);
      }
      bucket.types.push(type);
    }
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const { timer } of this.later.values()) clearTimeout(timer);
    this.later.clear();
  }

  private drain(): void {
    this.scheduled = false;
    const slice = this.queue.splice(0, SLICE);
    const json = new EventJson();
    try {
      for (const row of slice) this.nats.publishJson(jobEventSubject(row.job_id), json.of(row));
    } catch (err) {
      // The connection is closed (shutting down): live events are lost, job_events keeps them for replay.
      this.logger.warn(`${slice.length + this.queue.length} job events not published: ${err instanceof Error ? err.message : String(err)}`);
      this.queue.length = 0;
      return;
    }
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }
}

/**
 * `JSON.stringify(toEventView(row))`, written directly: events of one batch
 * share their owner, type and time, which are encoded once.
 */
export class EventJson {
  private readonly strings = new Map<string, string>();
  private time = NaN;
  private iso = '';

  of(r: EventRow): string {
    const t = r.created_at.getTime();
    if (t !== this.time) {
      this.time = t;
      this.iso = r.created_at.toISOString();
    }
    const data = JSON.stringify(r.data);
    // id (a bigint's digits) and jobId (a uuid) are as PostgreSQL printed them: nothing to escape.
    return `{"id":"${r.id}","jobId":"${r.job_id}","ownerId":${this.str(r.owner_id)},"type":${this.str(r.type)},"status":${this.str(r.status)},"seq":${Number(r.seq)},"kind":${this.str(r.kind)},"data":${data},"at":"${this.iso}"}`;
  }

  /** JSON of a string that repeats across the batch (owner, type, status, kind). */
  private str(s: string): string {
    let json = this.strings.get(s);
    if (json === undefined) {
      json = JSON.stringify(s);
      if (this.strings.size < 256) this.strings.set(s, json);
    }
    return json;
  }
}
