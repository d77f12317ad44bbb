import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { ErrorCode, isSpoolErrorPayload, type SpoolErrorPayload } from '@spool/contracts';
import { throwError, type Observable } from 'rxjs';

/**
 * Every failure of a handler leaves as a SpoolErrorPayload. Problems meant
 * for the caller pass through; anything else is logged here and becomes a
 * 500 with no internals in it.
 */
@Catch()
export class RpcExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Rpc');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const error = exception instanceof RpcException ? exception.getError() : undefined;
    if (isSpoolErrorPayload(error)) return throwError(() => error);
    const pattern = host.switchToRpc().getContext()?.getSubject?.() ?? 'rpc';
    this.logger.error(`${pattern} failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    const payload: SpoolErrorPayload = { status: 500, code: ErrorCode.INTERNAL, title: 'Internal error' };
    return throwError(() => payload);
  }
}
