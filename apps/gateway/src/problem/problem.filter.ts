import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { toProblem } from './to-problem.js';

/**
 * Every error response of the gateway is `application/problem+json`. Faults
 * of ours are logged with their stack here and reach the client as a bare
 * 500 INTERNAL.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const { problem, unexpected } = toProblem(exception);
    if (unexpected) {
      this.logger.error(`${req.method} ${req.originalUrl} failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    // A stream (SSE) that already started cannot turn into a problem: end it.
    if (res.headersSent) {
      res.end();
      return;
    }
    const { type, title, status, detail, code, errors } = problem;
    const instance = req.originalUrl.split('?')[0];
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ type, title, status, detail, instance, code, errors }));
  }
}
