import { createHash, timingSafeEqual } from 'node:crypto';

export const ADMIN_KEY_MIN_LENGTH = 32;

/** Refuses to go on without an admin key that is long enough to resist guessing. */
export function assertAdminKey(key: string | undefined): asserts key is string {
  if (!key) throw new Error(`ADMIN_API_KEY is not set: it must be at least ${ADMIN_KEY_MIN_LENGTH} characters`);
  if (key.length < ADMIN_KEY_MIN_LENGTH) {
    throw new Error(`ADMIN_API_KEY is too short (${key.length} characters): it must be at least ${ADMIN_KEY_MIN_LENGTH}`);
  }
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a presented key with the expected one in constant time. Both are
 * hashed first so the comparison takes the same time whatever their lengths.
 */
export const adminKeyMatches = (presented: string, expected: string): boolean =>
  timingSafeEqual(sha256(presented), sha256(expected));
