import { SpoolStack } from './support/spool-stack.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: any;
}

/** Reads a Server-Sent Events stream until `stop` says enough or the time runs out. */
async function readSse(url: string, headers: Record<string, string>, stop: (events: SseEvent[], comments: number) => boolean, timeoutMs = 15_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  let comments = 0;
  let buffer = '';
  try {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    while (!stop(events, comments)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments++;
          else if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
        }
        if (event.data) events.push(event);
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: res.status, contentType: res.headers.get('content-type'), events, comments };
}

describe('live events over SSE', () => {
  let stack: SpoolStack;
  const user = 'sse-user';

  beforeAll(async () => {
    stack = await SpoolStack.start({ workers: 1 });
  }, 90_000);
  afterAll(() => stack?.stop());

  it('replays a job\'s events after Last-Event-ID, then streams the live ones', async () => {
    const created = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.progress', input: { steps: 6, stepMs: 400 } } });
    const id = created.body.id;
    const auth = { authorization: `Bearer ${await stack.token(user)}` };
    await stack.waitForJob(user, id, (j) => j.status === 'running', 'running');

    const first = await readSse(`${stack.gatewayUrl}/v1/jobs/${id}/events`, auth, (ev) => ev.length >= 2);
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/event-stream');
    expect(first.events.slice(0, 2).map((e) => e.event)).toEqual(['created', 'started']);
    const lastId = first.events[1]!.id!;

    // Reconnect after the second event: the replay starts at the third, and the stream runs to the end.
    const rest = await readSse(`${stack.gatewayUrl}/v1/jobs/${id}/events`, { ...auth, 'last-event-id': lastId }, (ev) =>
      ev.some((e) => e.event === 'succeeded'),
    );
    expect(rest.events[0]!.data.seq).toBe(3);
    const seqs = rest.events.map((e) => e.data.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => 3 + i));
    expect(rest.events.filter((e) => e.event === 'progress').length).toBeGreaterThanOrEqual(1);
    for (const e of rest.events) {
      expect(e.data).toMatchObject({ jobId: id, ownerId: user, type: 'test.progress' });
      expect(BigInt(e.id!)).toBeGreaterThan(BigInt(lastId));
    }
    const dbSeqs = (await stack.sql(`SELECT seq FROM job_events WHERE job_id = $1 ORDER BY seq`, [id])).map((r) => r.seq);
    expect([1, 2, ...seqs]).toEqual(dbSeqs);
  }, 30_000);

  it('streams all of the caller\'s jobs, and only theirs, with keep-alive comments', async () => {
    const auth = { authorization: `Bearer ${await stack.token(user)}` };
    const stream = readSse(`${stack.gatewayUrl}/v1/events`, auth, (ev, comments) => ev.some((e) => e.event === 'succeeded') && comments >= 1, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    await stack.http('POST', '/v1/jobs', { user: 'someone-else', body: { type: 'test.noop' } });
    const mine = await stack.http('POST', '/v1/jobs', { user, body: { type: 'test.hang', input: { ms: 1200 } } });
    const result = await stream;
    expect(result.comments).toBeGreaterThanOrEqual(1);
    expect(result.events.every((e) => e.data.ownerId === user)).toBe(true);
    expect(result.events.some((e) => e.data.jobId === mine.body.id && e.event === 'succeeded')).toBe(true);
  }, 30_000);
});
