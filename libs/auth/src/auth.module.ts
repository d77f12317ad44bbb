import { Module, type DynamicModule } from '@nestjs/common';
import { AdminGuard } from './admin.guard.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';
import { JwtService } from './jwt.service.js';
import { UserAuthGuard } from './user-auth.guard.js';

export interface AuthModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: unknown[];
  useFactory: (...args: any[]) => AuthOptions | Promise<AuthOptions>;
}

/** User JWT verification and the admin key check, for `@UseGuards(UserAuthGuard)` / `@UseGuards(AdminGuard)`. */
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: AUTH_OPTIONS, inject: (options.inject ?? []) as never[], useFactory: options.useFactory },
        JwtService,
        UserAuthGuard,
        AdminGuard,
      ],
      exports: [AUTH_OPTIONS, JwtService, UserAuthGuard, AdminGuard],
    };
  }
}
