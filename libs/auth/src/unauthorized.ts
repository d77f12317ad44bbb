import { UnauthorizedException } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';

/** A 401 carrying the problem fields the gateway's exception filter reads. */
export const unauthorized = (detail: string): UnauthorizedException =>
  new UnauthorizedException({ code: ErrorCode.UNAUTHORIZED, title: 'Unauthorized', detail });

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
