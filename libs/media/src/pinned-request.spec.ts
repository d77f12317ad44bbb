import { pinnedGet } from './pinned-request.js';
import { startTestServer } from './testing/http-test-server.js';

describe('pinnedGet', () => {
  it('connects to the vetted address whatever the name resolves to, keeping the Host header', async () => {
    let host: string | undefined;
    const server = await startTestServer((req, res) => {
      host = req.headers.host;
      res.end('pinned');
    });
    try {
      // .invalid never resolves (RFC 2606): only the pinned address can be reached.
      const res = await pinnedGet(new URL(`http://media.example.invalid:${server.port}/x`), ['127.0.0.1'], 5000);
      let body = '';
      for await (const chunk of res) body += String(chunk);
      expect(res.statusCode).toBe(200);
      expect(body).toBe('pinned');
      expect(host).toBe(`media.example.invalid:${server.port}`);
    } finally {
      await server.close();
    }
  });
});
