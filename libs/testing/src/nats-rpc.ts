import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';

/**
 * Calls apps/jobs directly over NATS in the NestJS packet format
 * (`{pattern, data, id}` out, `{response, err}` back), so a test can act as
 * a misbehaving worker and a benchmark can skip the gateway.
 */
export class NatsRpc {
  private constructor(readonly connection: NatsConnection) {}

  static async connect(servers: string, name = 'spool-testing'): Promise<NatsRpc> {
    return new NatsRpc(await connect({ servers, name }));
  }

  async request<T = any>(subject: string, data: unknown, timeout = 5000): Promise<T> {
    const msg = await this.connection.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout });
    const packet = msg.json<{ response?: T; err?: unknown }>();
    if (packet.err !== undefined && packet.err !== null) {
      throw Object.assign(new Error(`${subject}: ${JSON.stringify(packet.err)}`), { payload: packet.err });
    }
    return packet.response as T;
  }

  subscribe<T = any>(subject: string, onMessage: (data: T) => void): () => void {
    const sub = this.connection.subscribe(subject, {
      callback: (err, m) => {
        if (!err) onMessage(m.json<T>());
      },
    });
    return () => sub.unsubscribe();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
