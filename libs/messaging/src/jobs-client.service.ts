import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { RemoteError } from './remote-error.js';
import { JOBS_CLIENT, MESSAGING_OPTIONS } from './tokens.js';
import type { MessagingOptions } from './messaging.options.js';

export interface SendOptions {
  /** Attempts when no answer comes (timeout, no responders). Default 3. */
  attempts?: number;
  timeoutMs?: number;
  /** The service may hold the request this long before answering (a long poll): added to the timeout. */
  waitMs?: number;
}

/**
 * Request/reply to apps/jobs over NATS. Requests that get no answer are
 * retried with a short backoff. Handlers that change state are idempotent
 * (lease tokens, request ids, claim ids), so a retry never doubles work.
 */
@Injectable()
export class JobsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(JobsClient.name);

  constructor(
    @Inject(JOBS_CLIENT) private readonly client: ClientProxy,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** `payload` may be made per attempt, for a request that says when it is a repeat. */
  async send<TResult, TPayload = unknown>(
    subject: string,
    payload: TPayload | ((attempt: number) => TPayload),
    opts: SendOptions = {},
  ): Promise<TResult> {
    const attempts = opts.attempts ?? 3;
    const timeoutMs = (opts.timeoutMs ?? this.options.requestTimeoutMs) + (opts.waitMs ?? 0);
    for (let attempt = 1; ; attempt++) {
      const body = typeof payload === 'function' ? (payload as (attempt: number) => TPayload)(attempt) : payload;
      try {
        return await firstValueFrom(this.client.send<TResult, TPayload>(subject, body).pipe(timeout(timeoutMs)));
      } catch (err) {
        const remote = RemoteError.from(err);
        if (!remote.retryable || attempt >= attempts) throw remote;
        this.logger.warn(`${subject}: no answer (${remote.message}), attempt ${attempt}/${attempts}, retrying`);
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
