/**
 * Writes the OpenAPI document of the gateway to `openapi.json` at the repo
 * root (`npm run openapi`). Needs no NATS, no secrets: the app is built in
 * preview mode, where no provider is created.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildOpenApiJson } from './build-openapi.js';

const OPENAPI_FILE = resolve(process.cwd(), 'openapi.json');

buildOpenApiJson()
  .then((json) => writeFile(OPENAPI_FILE, json))
  .then(() => console.log(`wrote ${OPENAPI_FILE}`))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
