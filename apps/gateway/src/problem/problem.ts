import { STATUS_CODES } from 'node:http';
import { ErrorCode, type FieldError } from '@spool/contracts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document, with Spool's stable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  errors?: FieldError[];
}

/**
 * Problem types are URNs: stable identifiers that need no web page behind
 * them; `code` carries the same information for programs.
 */
export const problemType = (code: ErrorCode): string => `urn:spool:problem:${code.toLowerCase().replaceAll('_', '-')}`;

export const statusTitle = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** The code of a problem raised without one, from its HTTP status. */
export function defaultCode(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHORIZED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.SERVICE_UNAVAILABLE;
    default:
      return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED;
  }
}

/**
 * What code in the gateway puts in an HttpException's response to choose the
 * problem it becomes, e.g. `new NotFoundException({ code, title, detail })`.
 */
export interface ProblemFields {
  code: ErrorCode;
  title?: string;
  detail?: string;
  errors?: FieldError[];
}

export const isProblemFields = (value: unknown): value is ProblemFields =>
  typeof value === 'object' && value !== null && typeof (value as ProblemFields).code === 'string';
