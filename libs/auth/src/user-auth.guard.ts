import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth-user.js';
import { JwtService } from './jwt.service.js';
import { bearerToken, unauthorized } from './unauthorized.js';

/** Requires a valid user JWT and puts the user on the request (see `@CurrentUser()`). */
@Injectable()
export class UserAuthGuard implements CanActivate {
  constructor(private readonly jwt: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers);
    if (!token) throw unauthorized('An Authorization: Bearer <token> header is required');
    req.user = await this.jwt.verify(token);
    return true;
  }
}
