import { HttpException } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';
import { RemoteError } from '@spool/messaging';
import { defaultCode, isProblemFields, problemType, statusTitle, type Problem } from './problem.js';

export interface MappedProblem {
  problem: Problem;
  /** A fault of ours rather than of the request: worth an error log with the stack. */
  unexpected: boolean;
}

/** The shape of errors raised by body-parser (`http-errors`, and SyntaxError for bad JSON). */
interface HttpError {
  status: number;
  type?: string;
  expose?: boolean;
  limit?: number;
  message: string;
}

const isHttpError = (value: unknown): value is HttpError =>
  value instanceof Error && typeof (value as Partial<HttpError>).status === 'number' && typeof (value as Partial<HttpError>).type === 'string';

const build = (status: number, code: ErrorCode, title: string, detail?: string, errors?: Problem['errors']): Problem => ({
  type: problemType(code),
  title,
  status,
  ...(detail ? { detail } : {}),
  code,
  ...(errors?.length ? { errors } : {}),
});

const INTERNAL: MappedProblem = { problem: build(500, ErrorCode.INTERNAL, 'Internal error'), unexpected: true };

/** Turns anything thrown while serving a request into the problem the client gets. */
export function toProblem(exception: unknown): MappedProblem {
  if (exception instanceof RemoteError) {
    const { status, code, title, detail, errors } = exception.problem;
    return { problem: build(status, code, title, detail, errors), unexpected: status >= 500 && code === ErrorCode.INTERNAL };
  }
  // Nest wraps body-parser's errors in an HttpException whose cause is the original.
  if (exception instanceof HttpException && isHttpError(exception.cause)) return fromBodyParser(exception.cause);
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isHttpError(exception)) return fromBodyParser(exception);
  return INTERNAL;
}

function fromHttpException(exception: HttpException): MappedProblem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (isProblemFields(response)) {
    const { code, title, detail, errors } = response;
    return { problem: build(status, code, title ?? statusTitle(status), detail, errors), unexpected: code === ErrorCode.INTERNAL };
  }
  if (status >= 500) return { problem: build(status, defaultCode(status), statusTitle(status)), unexpected: true };
  // Nest's own exceptions: `{ statusCode, message, error }` or a string.
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return { problem: build(status, defaultCode(status), statusTitle(status), detail), unexpected: false };
}

function fromBodyParser(error: HttpError): MappedProblem {
  if (error.type === 'entity.too.large') {
    const detail = `The request body is larger than the limit of ${error.limit} bytes`;
    return { problem: build(413, ErrorCode.PAYLOAD_TOO_LARGE, 'Payload too large', detail), unexpected: false };
  }
  if (error.type === 'entity.parse.failed') {
    return { problem: build(400, ErrorCode.VALIDATION_FAILED, 'Malformed JSON', 'The request body is not valid JSON'), unexpected: false };
  }
  if (error.status >= 400 && error.status < 500 && error.expose) {
    return { problem: build(error.status, defaultCode(error.status), statusTitle(error.status), error.message), unexpected: false };
  }
  return INTERNAL;
}
