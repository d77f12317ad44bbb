export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Public on purpose: good for local development only; the gateway refuses it in production. */
export const DEV_JWT_SECRET = 'spool-dev-secret-change-me-in-production-0123456789';

export interface AuthOptions {
  /** HS256 shared secret; used when no JWKS URL is set. */
  jwtSecret?: string;
  /** Verify tokens against this key set (RS256, ES256, EdDSA...) instead of a shared secret. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  adminApiKey: string;
}
