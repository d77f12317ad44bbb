import { ErrorCode, UUID_PATTERN } from '@spool/contracts';
import { rpcError } from '../rpc/rpc-error.js';

/** Opaque keyset cursor: the last row's created_at (as PostgreSQL prints it, microseconds kept) and id. */
export const encodeCursor = (at: string, id: string): string => Buffer.from(JSON.stringify([at, id])).toString('base64url');

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (
      typeof at === 'string' &&
      typeof id === 'string' &&
      UUID_PATTERN.test(id) &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(at) &&
      // The shape alone lets "2024-13-45 99:99:99" through, which PostgreSQL would refuse with a 500.
      !Number.isNaN(Date.parse(at.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')))
    ) {
      return { at, id };
    }
  } catch {
    // fall through
  }
  throw rpcError(400, ErrorCode.VALIDATION_FAILED, 'Invalid cursor', 'The cursor is not one this API returned', [
    { field: 'cursor', message: 'invalid cursor' },
  ]);
}
