import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { NATS_CONNECTION } from './tokens.js';

/** JSON publish/subscribe on the app's NATS connection (events and hints, not requests). */
@Injectable()
export class NatsPublisher {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  publish(subject: string, payload: unknown): void {
    this.nc.publish(subject, JSON.stringify(payload));
  }

  /** `publish` of a payload already serialized to JSON. */
  publishJson(subject: string, json: string): void {
    this.nc.publish(subject, json);
  }

  subscribe<T>(subject: string, handler: (payload: T, subject: string) => void, queue?: string): Subscription {
    return this.nc.subscribe(subject, {
      queue,
      callback: (err, msg) => {
        if (err) return;
        handler(msg.json<T>(), msg.subject);
      },
    });
  }

  get connected(): boolean {
    return !this.nc.isClosed();
  }

  /** Round trip to the server: proves the connection is usable, not only open. */
  async rtt(): Promise<number> {
    return this.nc.rtt();
  }
}
