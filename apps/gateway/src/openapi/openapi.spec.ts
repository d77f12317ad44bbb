import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiJson } from './build-openapi.js';

const COMMITTED = fileURLToPath(new URL('../../../../openapi.json', import.meta.url));

describe('openapi.json', () => {
  it('matches the API the code describes (run `npm run build && npm run openapi` after changing it)', async () => {
    const generated = await buildOpenApiJson();
    const committed = await readFile(COMMITTED, 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
    expect(committed).toBe(generated);
  });
});
