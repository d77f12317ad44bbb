import { createGatewayApp } from '../bootstrap.js';
import { createOpenApiDocument, serializeOpenApi } from './openapi.js';

/** Settings that let the app be built offline; nothing uses them in preview mode. */
const OFFLINE_ENV = { NODE_ENV: 'development', ADMIN_API_KEY: 'openapi-generation-needs-no-real-admin-key' };

/** The committed `openapi.json`, as the current code describes the API. */
export async function buildOpenApiJson(): Promise<string> {
  const { app } = await createGatewayApp({ env: OFFLINE_ENV, preview: true, logger: false });
  try {
    return serializeOpenApi(createOpenApiDocument(app));
  } finally {
    await app.close();
  }
}
