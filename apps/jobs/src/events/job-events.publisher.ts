import { Injectable } from '@nestjs/common';
import { jobEventSubject, wakeupSubject, type JobEventView, type WakeupHint } from '@spool/contracts';
import { NatsPublisher } from '@spool/messaging';
import { toEventView, type EventRow } from './event-row.js';

/**
 * Publishes what a committed transaction did: its events on
 * `job.events.<jobId>` and a wake-up hint per job type that gained runnable
 * work. Call only after commit: a rolled-back change must never be seen.
 */
@Injectable()
export class JobEventsPublisher {
  constructor(private readonly nats: NatsPublisher) {}

  publishEvents(rows: EventRow[]): JobEventView[] {
    const views = rows.map(toEventView);
    for (const view of views) this.nats.publish(jobEventSubject(view.jobId), view);
    return views;
  }

  /** One hint per type; `runnable` lists the type of every job that became runnable. */
  wake(runnable: Iterable<string>): void {
    const counts = new Map<string, number>();
    for (const type of runnable) counts.set(type, (counts.get(type) ?? 0) + 1);
    for (const [type, count] of counts) this.nats.publish(wakeupSubject(type), { type, count } satisfies WakeupHint);
  }
}
