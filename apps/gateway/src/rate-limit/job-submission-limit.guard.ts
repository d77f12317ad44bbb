import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthenticatedRequest } from '@spool/auth';
import { ErrorCode } from '@spool/contracts';
import type { Response } from 'express';
import type { GatewayEnv } from '../config/gateway.env.js';
import { RateLimiter } from './rate-limiter.js';

const WINDOW_MS = 60_000;

/**
 * Job submissions per user per minute (RATE_LIMIT_JOBS_PER_MINUTE); a batch
 * counts as one. Runs after UserAuthGuard, keyed by the token's `sub`. Each
 * gateway replica counts on its own.
 *
 * Not @nestjs/throttler: that package is CommonJS and requires the ESM-only
 * @nestjs/common, which Jest's ESM runtime cannot do on Node 20, so no spec
 * could load the app.
 */
@Injectable()
export class JobSubmissionLimitGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(config: ConfigService<GatewayEnv, true>) {
    this.limiter = new RateLimiter(config.get('RATE_LIMIT_JOBS_PER_MINUTE'), WINDOW_MS);
  }

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new Error('JobSubmissionLimitGuard must run after UserAuthGuard');
    const res = context.switchToHttp().getResponse<Response>();
    const { allowed, limit, remaining, resetInMs } = this.limiter.hit(user.sub);
    const resetSeconds = Math.ceil(resetInMs / 1000);
    res.setHeader('RateLimit-Limit', limit);
    res.setHeader('RateLimit-Remaining', remaining);
    res.setHeader('RateLimit-Reset', resetSeconds);
    if (allowed) return true;
    res.setHeader('Retry-After', resetSeconds);
    throw new HttpException(
      {
        code: ErrorCode.RATE_LIMITED,
        title: 'Too many requests',
        detail: `At most ${limit} job submissions per minute; retry in ${resetSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
