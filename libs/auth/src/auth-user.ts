import type { JWTPayload } from 'jose';

/** The authenticated user of a request: `sub` of the verified token. */
export interface AuthUser {
  sub: string;
  claims: JWTPayload;
}

/** Where the guards leave what they established about the request. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}
