import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { adminKeyMatches, assertAdminKey } from './admin-key.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';
import type { AuthenticatedRequest } from './auth-user.js';
import { bearerToken, unauthorized } from './unauthorized.js';

/** Admin routes: `Authorization: Bearer <ADMIN_API_KEY>`. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly key: string;

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    assertAdminKey(options.adminApiKey);
    this.key = options.adminApiKey;
  }

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<AuthenticatedRequest>().headers);
    if (!token) throw unauthorized('An Authorization: Bearer <admin key> header is required');
    if (!adminKeyMatches(token, this.key)) throw unauthorized('The admin key is not valid');
    return true;
  }
}
