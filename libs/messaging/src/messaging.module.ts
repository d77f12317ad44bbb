import { Module, type DynamicModule } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientNats } from '@nestjs/microservices';
import { JobsClient } from './jobs-client.service.js';
import type { MessagingOptions } from './messaging.options.js';
import { JOBS_CLIENT, MESSAGING_OPTIONS, NATS_CONNECTION } from './tokens.js';
import { NatsPublisher } from './nats-publisher.service.js';

export interface MessagingModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: unknown[];
  useFactory: (...args: any[]) => MessagingOptions | Promise<MessagingOptions>;
}

/**
 * One NATS connection per app: a ClientProxy for request/reply to apps/jobs
 * (JobsClient) and the same connection, unwrapped, for publish/subscribe.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, inject: (options.inject ?? []) as never[], useFactory: options.useFactory },
        {
          provide: JOBS_CLIENT,
          inject: [MESSAGING_OPTIONS],
          useFactory: async (o: MessagingOptions) => {
            const client = ClientProxyFactory.create({
              transport: Transport.NATS,
              options: { servers: o.servers, name: o.name, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
            }) as ClientNats;
            await client.connect();
            return client;
          },
        },
        {
          provide: NATS_CONNECTION,
          inject: [JOBS_CLIENT],
          useFactory: (client: ClientNats) => client.unwrap(),
        },
        JobsClient,
        NatsPublisher,
      ],
      exports: [MESSAGING_OPTIONS, JOBS_CLIENT, NATS_CONNECTION, JobsClient, NatsPublisher],
    };
  }
}
