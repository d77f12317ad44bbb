import { EventJson } from './job-events.publisher.js';
import { toEventView, type EventRow } from './event-row.js';

const row = (over: Partial<EventRow> = {}): EventRow => ({
  id: '1234567890123',
  job_id: '6f1c2a3b-4d5e-8f60-9a1b-2c3d4e5f6a7b',
  seq: 3,
  owner_id: 'user-1',
  type: 'test.noop',
  status: 'failed',
  kind: 'failed',
  data: { attempt: 2, error: { message: 'quote " backslash \\ newline \n unicode \u2028 é' } },
  created_at: new Date('2026-11-23T12:03:47.870Z'),
  ...over,
});

describe('EventJson', () => {
  it('writes exactly what JSON.stringify(toEventView(row)) writes', () => {
    const json = new EventJson();
    const rows = [
      row(),
      row({ owner_id: 'odd "owner" \\ \u0001', id: '1', seq: 1, kind: 'created', status: 'pending', data: {} }),
      row({ created_at: new Date('2026-11-23T12:03:47.871Z') }),
      row(),
    ];
    for (const r of rows) expect(json.of(r)).toBe(JSON.stringify(toEventView(r)));
  });
});
