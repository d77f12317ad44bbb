import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JobsSubjects, type Caller, type JobEventView, type ListEventsRequest } from '@spool/contracts';
import { JobsClient } from '@spool/messaging';
import type { Response } from 'express';
import type { UserCaller } from '../common/caller.js';
import type { GatewayEnv } from '../config/gateway.env.js';
import { JobsService } from '../jobs/jobs.service.js';
import { toProblem } from '../problem/to-problem.js';
import { JobEventsHub } from './job-events.hub.js';
import { SseStream } from './sse-stream.js';

const REPLAY_PAGE_SIZE = 500;

export interface StreamOptions {
  caller: UserCaller;
  /** Only this job's events; the stream of every job of the caller otherwise. */
  jobId?: string;
  /** Resume after this event id. */
  afterId?: string;
}

/**
 * Job events as Server-Sent Events, without gaps: listen live first (and
 * hold what arrives), replay the durable log from apps/jobs, send the held
 * events the replay did not include, then stream live.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);
  private readonly keepAliveMs: number;

  constructor(
    private readonly client: JobsClient,
    private readonly jobs: JobsService,
    private readonly hub: JobEventsHub,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.keepAliveMs = config.get('SSE_KEEPALIVE_MS');
  }

  async stream(res: Response, { caller, jobId, afterId }: StreamOptions): Promise<void> {
    // Unknown or someone else's job: a 404 problem, before anything is streamed.
    if (jobId) await this.jobs.get(caller, jobId);

    const sse = new SseStream(res, this.keepAliveMs);
    const held: JobEventView[] = [];
    let live = false;
    const stopListening = this.hub.listen({
      matches: (event) => event.ownerId === caller.ownerId && (jobId === undefined || event.jobId === jobId),
      deliver: (event) => (live ? sse.send(event) : held.push(event)),
      close: () => sse.close(),
    });
    sse.onClose(stopListening);
    sse.open();

    try {
      const sent = new Set<string>();
      // A job's stream starts from its first event; the stream of all jobs
      // replays only what a reconnecting client missed.
      if (jobId !== undefined || afterId !== undefined) {
        for await (const event of this.replay(caller, jobId, afterId)) {
          if (sse.isClosed) return;
          sse.send(event);
          sent.add(event.id);
        }
      }
      // Compared by id rather than by "newer than the last sent": an event
      // committed late can carry a smaller id than one the replay already had.
      const after = afterId === undefined ? -1n : BigInt(afterId);
      for (const event of held) {
        if (!sent.has(event.id) && BigInt(event.id) > after) sse.send(event);
      }
      held.length = 0;
      live = true;
    } catch (err) {
      const { problem, unexpected } = toProblem(err);
      if (unexpected) this.logger.error(`event replay failed: ${err instanceof Error ? err.stack : String(err)}`);
      sse.fail(problem);
    }
  }

  private async *replay(caller: Caller, jobId: string | undefined, afterId: string | undefined): AsyncGenerator<JobEventView> {
    for (let cursor = afterId; ; ) {
      const page = await this.client.send<JobEventView[], ListEventsRequest>(JobsSubjects.listEvents, {
        caller,
        jobId,
        afterId: cursor,
        limit: REPLAY_PAGE_SIZE,
      });
      yield* page;
      if (page.length < REPLAY_PAGE_SIZE) return;
      cursor = page[page.length - 1]!.id;
    }
  }
}
