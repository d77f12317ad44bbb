import { BadRequestException } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';

export const LAST_EVENT_ID_HEADER = 'Last-Event-ID';

/** Event ids are PostgreSQL bigints, sent as decimal strings. */
export const EVENT_ID_PATTERN = /^\d{1,19}$/;

/**
 * Where a stream resumes: the `Last-Event-ID` header a reconnecting
 * EventSource sends, else the `lastEventId` query parameter.
 */
export function resumeAfter(header: string | undefined, query: string | undefined): string | undefined {
  if (header === undefined || header === '') return query;
  if (!EVENT_ID_PATTERN.test(header)) {
    const message = 'must be the id of an event';
    throw new BadRequestException({
      code: ErrorCode.VALIDATION_FAILED,
      title: 'Validation failed',
      detail: `${LAST_EVENT_ID_HEADER} ${message}`,
      errors: [{ field: LAST_EVENT_ID_HEADER, message }],
    });
  }
  return header;
}
