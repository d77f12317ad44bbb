import { RpcException } from '@nestjs/microservices';
import { ErrorCode, type FieldError, type SpoolErrorPayload } from '@spool/contracts';

/** A problem for the caller, thrown by handlers; travels to the gateway as is. */
export const rpcError = (status: number, code: ErrorCode, title: string, detail?: string, errors?: FieldError[]): RpcException =>
  new RpcException({ status, code, title, detail, errors } satisfies SpoolErrorPayload);

export const jobNotFound = (jobId: string): RpcException =>
  rpcError(404, ErrorCode.JOB_NOT_FOUND, 'Job not found', `No job ${jobId}`);
