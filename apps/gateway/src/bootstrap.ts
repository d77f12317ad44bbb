import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { assertAdminKey } from '@spool/auth';
import { AppModule } from './app.module.js';
import { loadGatewayEnv, type GatewayEnv } from './config/gateway.env.js';
import { setupSwagger } from './openapi/openapi.js';
import { ProblemFilter } from './problem/problem.filter.js';
import { createValidationPipe } from './problem/validation.pipe.js';

const UPLOADS_PATH = '/v1/uploads';
const isJson = (req: IncomingMessage): boolean => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';

export interface GatewayAppOptions {
  /** Settings on top of process.env, e.g. `{ NATS_URL, ADMIN_API_KEY }` from a test. */
  env?: Record<string, string | number | undefined>;
  logger?: LoggerService | false;
  /** Build the module graph without creating providers: no NATS connection (OpenAPI generation). */
  preview?: boolean;
}

export interface GatewayApp {
  app: NestExpressApplication;
  env: GatewayEnv;
}

/**
 * Builds the gateway, configured as it runs (problem filter, validation, body
 * limit, Swagger), without listening: `main.ts` listens, tests may use
 * `app.init()` and `app.getHttpServer()` or `app.listen(0)`.
 */
export async function createGatewayApp(options: GatewayAppOptions = {}): Promise<GatewayApp> {
  const env = loadGatewayEnv(options.env);
  assertAdminKey(env.ADMIN_API_KEY);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env), {
    bodyParser: false,
    abortOnError: false,
    preview: options.preview,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  // Uploads are raw bodies streamed by their route, whatever their Content-Type says.
  app.useBodyParser('json', { limit: env.MAX_BODY_BYTES, type: (req) => isJson(req) && !req.url?.startsWith(UPLOADS_PATH) });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  setupSwagger(app);
  return { app, env };
}
