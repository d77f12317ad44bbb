import { BadRequestException } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Visible ASCII, at most 255; a leading `~` is reserved for the keys apps/jobs makes itself. */
export const IDEMPOTENCY_KEY_PATTERN = /^(?!~)[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    const message = 'must be 1 to 255 visible ASCII characters, not starting with ~';
    throw new BadRequestException({
      code: ErrorCode.VALIDATION_FAILED,
      title: 'Validation failed',
      detail: `${IDEMPOTENCY_KEY_HEADER} ${message}`,
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, message }],
    });
  }
  return value;
}
