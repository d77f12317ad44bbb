import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';
import type { AuthUser } from './auth-user.js';
import { unauthorized } from './unauthorized.js';

const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies user tokens: against a remote JWKS when `jwksUrl` is set (keys
 * are fetched once and refreshed when an unknown `kid` shows up), otherwise
 * HS256 with the shared secret. `sub` and `exp` are required.
 */
@Injectable()
export class JwtService {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[] | undefined;
  private readonly logger = new Logger(JwtService.name);

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = undefined;
    } else if (options.jwtSecret) {
      this.key = new TextEncoder().encode(options.jwtSecret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('JWT verification needs a secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      const options: JWTVerifyOptions = {
        algorithms: this.algorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      };
      ({ payload } = typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options));
    } catch (err) {
      if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) {
        this.logger.warn(`token verification failed on our side: ${err instanceof Error ? err.message : String(err)}`);
      }
      throw unauthorized(describe(err));
    }
    if (!payload.sub) throw unauthorized('The token has an empty subject');
    return { sub: payload.sub, claims: payload };
  }
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `The token was refused: ${err.message}`;
  if (err instanceof errors.JWKSNoMatchingKey) return 'The token was not signed by a known key';
  if (err instanceof errors.JOSEError) return 'The token is not valid';
  return 'The token could not be verified';
}
