import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { createLogger } from '@spool/observability';
import { createGatewayApp } from './bootstrap.js';
import { DOCS_PATH } from './openapi/openapi.js';

async function main(): Promise<void> {
  const logger = createLogger('gateway');
  const { app, env } = await createGatewayApp({ logger });
  await app.listen(env.PORT, env.HOST);
  const server = app.getHttpServer() as Server;
  // Node ends any request still receiving its body after 5 minutes, which would cut off
  // large uploads. A socket idle for 2 minutes is closed instead (SSE streams send keep-alives).
  server.requestTimeout = 0;
  server.setTimeout(120_000);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  Logger.log(`listening on ${url}; API docs at ${url}/${DOCS_PATH}`, 'Gateway');
}

main().catch((err: unknown) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
