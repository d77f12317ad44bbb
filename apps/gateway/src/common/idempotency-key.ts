import { INTERNAL_KEY_PREFIX } from '@spool/contracts';
import { invalidField } from '../problem/validation.pipe.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Visible ASCII, at most 255; the internal prefix is reserved for the keys apps/jobs makes itself. */
export const IDEMPOTENCY_KEY_PATTERN = new RegExp(`^(?!${INTERNAL_KEY_PREFIX})[\\x21-\\x7e]{1,255}$`);
export const IDEMPOTENCY_KEY_RULE = `must be 1 to 255 visible ASCII characters, not starting with ${INTERNAL_KEY_PREFIX}`;

export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw invalidField(IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_RULE);
  }
  return value;
}
