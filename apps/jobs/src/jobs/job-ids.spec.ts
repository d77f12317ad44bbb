import { isUUID } from 'class-validator';
import { jobIds } from './jobs.service.js';

describe('jobIds', () => {
  it('gives the same ids to the same request, distinct ones within it and to other requests or owners', () => {
    const a = jobIds('alice', 'req-1', 1000);
    expect(jobIds('alice', 'req-1', 1000)).toEqual(a);
    expect(new Set(a).size).toBe(1000);
    const others = [...jobIds('alice', 'req-2', 1000), ...jobIds('bob', 'req-1', 1000)];
    expect(others.filter((id) => a.includes(id))).toEqual([]);
    // A prefix of a request's ids is the ids of its first jobs.
    expect(jobIds('alice', 'req-1', 3)).toEqual(a.slice(0, 3));
  });

  it('formats them as RFC 9562 version 8 UUIDs', () => {
    for (const id of jobIds('alice', 'req-1', 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isUUID(id)).toBe(true);
    }
  });
});
