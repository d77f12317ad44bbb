import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * Speaks the worker protocol (and any apps/jobs subject) directly over NATS,
 * in the NestJS packet format, so a test can act as a misbehaving worker.
 */
export class ProtocolClient {
  private seq = 0;
  private constructor(private readonly nc: NatsConnection) {}

  static async connect(servers: string): Promise<ProtocolClient> {
    return new ProtocolClient(await connect({ servers }));
  }

  async request<T = any>(subject: string, data: unknown, timeout = 5000): Promise<T> {
    const msg = await this.nc.request(subject, JSON.stringify({ pattern: subject, data, id: String(++this.seq) }), { timeout });
    const packet = msg.json<{ response?: T; err?: unknown }>();
    if (packet.err) throw Object.assign(new Error(JSON.stringify(packet.err)), { payload: packet.err });
    return packet.response as T;
  }

  subscribe(subject: string, onMessage: (data: any) => void): () => void {
    const sub = this.nc.subscribe(subject, { callback: (_e, m) => onMessage(m.json()) });
    return () => sub.unsubscribe();
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
