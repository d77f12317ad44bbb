import { validateEnv } from '@spool/config';
import { StorageEnv } from '@spool/storage';
import { DEV_JWT_SECRET } from '@spool/auth';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'notDevSecretInProduction' })
class NotDevSecretInProduction implements ValidatorConstraintInterface {
  validate(secret: string, { object }: ValidationArguments): boolean {
    const env = object as GatewayEnv;
    return env.NODE_ENV !== 'production' || Boolean(env.JWT_JWKS_URL) || secret !== DEV_JWT_SECRET;
  }

  defaultMessage(): string {
    return 'JWT_SECRET must be set in production (the development default is public), or JWT_JWKS_URL used instead';
  }
}

export class GatewayEnv extends StorageEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  /** HS256 secret for user tokens; ignored when JWT_JWKS_URL is set. */
  @IsString()
  @MinLength(32)
  @Validate(NotDevSecretInProduction)
  JWT_SECRET: string = DEV_JWT_SECRET;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  JWT_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  /** Required; its length is checked by assertAdminKey at start-up with a clearer message. */
  @IsString({ message: 'ADMIN_API_KEY must be set (at least 32 characters)' })
  ADMIN_API_KEY: string;

  /** Largest JSON body accepted; larger ones get 413. */
  @IsInt()
  @Min(1024)
  MAX_BODY_BYTES: number = 1_048_576;

  @IsInt()
  @Min(1)
  RATE_LIMIT_JOBS_PER_MINUTE: number = 600;

  /** Largest upload accepted by POST /v1/uploads (streamed, never held in memory); larger ones get 413. */
  @IsInt()
  @Min(1)
  MAX_UPLOAD_BYTES: number = 4 * 1024 ** 3;

  /** Interval of the `: keep-alive` comments on SSE streams, so proxies keep them open. */
  @IsInt()
  @Min(1000)
  SSE_KEEPALIVE_MS: number = 15_000;
}

/** The gateway's settings from the environment, with overrides (tests) on top. Throws listing every invalid one. */
export const loadGatewayEnv = (overrides: Record<string, string | number | undefined> = {}): GatewayEnv =>
  validateEnv(GatewayEnv)({ ...process.env, ...overrides });
