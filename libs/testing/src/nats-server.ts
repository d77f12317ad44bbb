import { connect } from 'node:net';
import { Child } from './child.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait.js';

export interface NatsServer {
  url: string;
  child: Child;
}

/**
 * A private nats-server on a free loopback port. Spool's subjects and queue
 * group are fixed, so a test or benchmark on the shared server would share
 * requests with any other apps/jobs connected to it.
 */
export async function startNatsServer(logDir: string, binary = process.env.NATS_SERVER_BIN ?? 'nats-server'): Promise<NatsServer> {
  const port = await freePort();
  const child = Child.start('nats-server', binary, ['-a', '127.0.0.1', '-p', String(port)], {}, logDir);
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        if (!child.running) return resolve(false);
        const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      }),
    { what: 'nats-server', timeoutMs: 10_000 },
  );
  return { url: `nats://127.0.0.1:${port}`, child };
}
