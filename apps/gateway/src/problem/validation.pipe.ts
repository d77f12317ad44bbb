import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@spool/contracts';
import type { ProblemFields } from './problem.js';

/** class-validator's constraint for a property the DTO does not declare (forbidNonWhitelisted). */
const UNKNOWN_PROPERTY = 'whitelistValidation';

interface FlatError extends FieldError {
  unknown: boolean;
}

/** Nested errors flattened to dotted paths: `jobs.3.priority`. */
function flatten(errors: ValidationError[], parent?: string): FlatError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === UNKNOWN_PROPERTY ? { field, message: 'unknown field', unknown: true } : { field, message, unknown: false },
    );
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** 400 UNKNOWN_FIELD naming the fields the API does not know, or 400 VALIDATION_FAILED. */
export function validationProblem(validationErrors: ValidationError[]): BadRequestException {
  const flat = flatten(validationErrors);
  const unknown = flat.filter((e) => e.unknown).map((e) => e.field);
  const errors = flat.map(({ field, message }) => ({ field, message }));
  const fields: ProblemFields = unknown.length
    ? { code: ErrorCode.UNKNOWN_FIELD, title: 'Unknown field', detail: `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, errors }
    : { code: ErrorCode.VALIDATION_FAILED, title: 'Validation failed', detail: errors.map((e) => e.message).join('; '), errors };
  return new BadRequestException(fields);
}

/** 400 VALIDATION_FAILED for one field checked by hand (a header, say) rather than by a DTO. */
export const invalidField = (field: string, message: string): BadRequestException =>
  new BadRequestException({
    code: ErrorCode.VALIDATION_FAILED,
    title: 'Validation failed',
    detail: `${field} ${message}`,
    errors: [{ field, message }],
  } satisfies ProblemFields);

/** Requests name only fields the API declares, each valid; DTOs arrive as class instances. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationProblem,
  });
