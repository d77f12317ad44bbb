import { EVENT_ID_PATTERN } from '@spool/contracts';
import { invalidField } from '../problem/validation.pipe.js';

export const LAST_EVENT_ID_HEADER = 'Last-Event-ID';

/**
 * Where a stream resumes: the `Last-Event-ID` header a reconnecting
 * EventSource sends, else the `lastEventId` query parameter.
 */
export function resumeAfter(header: string | undefined, query: string | undefined): string | undefined {
  if (header === undefined || header === '') return query;
  if (!EVENT_ID_PATTERN.test(header)) throw invalidField(LAST_EVENT_ID_HEADER, 'must be the id of an event');
  return header;
}
