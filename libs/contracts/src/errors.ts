/**
 * Stable error codes. They travel from apps/jobs to the gateway inside RPC
 * errors and reach clients as the `code` of an RFC 9457 problem document.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  UNKNOWN_JOB_TYPE: 'UNKNOWN_JOB_TYPE',
  INVALID_JOB_INPUT: 'INVALID_JOB_INPUT',
  DEPENDENCY_NOT_FOUND: 'DEPENDENCY_NOT_FOUND',
  JOB_ALREADY_FINISHED: 'JOB_ALREADY_FINISHED',
  JOB_NOT_RETRYABLE: 'JOB_NOT_RETRYABLE',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'RATE_LIMITED',
  ASSET_NOT_FOUND: 'ASSET_NOT_FOUND',
  CHECKSUM_MISMATCH: 'CHECKSUM_MISMATCH',
  EMPTY_UPLOAD: 'EMPTY_UPLOAD',
  URL_REFUSED: 'URL_REFUSED',
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  STALE_LEASE: 'STALE_LEASE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Error codes a failed attempt can carry that Spool itself assigns. */
export const AttemptErrorCode = {
  LEASE_EXPIRED: 'LEASE_EXPIRED',
  JOB_TIMEOUT: 'JOB_TIMEOUT',
  CANCELED: 'CANCELED',
  PROCESSOR_ERROR: 'PROCESSOR_ERROR',
  NO_PROCESSOR: 'NO_PROCESSOR',
  /** The input could not be decoded (corrupt or not media): retrying cannot help. */
  MEDIA_UNDECODABLE: 'MEDIA_UNDECODABLE',
  /** ffmpeg or sharp failed for a reason other than the input. */
  MEDIA_TOOL_FAILED: 'MEDIA_TOOL_FAILED',
  /** The output was made but is not what was asked (probe check). */
  OUTPUT_MISMATCH: 'OUTPUT_MISMATCH',
  INPUT_FETCH_FAILED: 'INPUT_FETCH_FAILED',
  INPUT_TOO_LARGE: 'INPUT_TOO_LARGE',
  URL_REFUSED: 'URL_REFUSED',
  ASSET_NOT_FOUND: 'ASSET_NOT_FOUND',
} as const;

export interface FieldError {
  field: string;
  message: string;
}

/** What apps/jobs puts in an RpcException; the gateway turns it into problem+json. */
export interface SpoolErrorPayload {
  status: number;
  code: ErrorCode;
  title: string;
  detail?: string;
  errors?: FieldError[];
}

export const isSpoolErrorPayload = (value: unknown): value is SpoolErrorPayload =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SpoolErrorPayload).status === 'number' &&
  typeof (value as SpoolErrorPayload).code === 'string';
