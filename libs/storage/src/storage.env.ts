import { CommonEnv, EnvBoolean } from '@spool/config';
import { IsBoolean, IsIn, IsInt, IsString, IsUrl, Max, Min } from 'class-validator';

/**
 * Object storage settings. An app that stores objects extends this class
 * (it extends CommonEnv) instead of CommonEnv.
 */
export class StorageEnv extends CommonEnv {
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** Root directory of the local driver. */
  @IsString()
  STORAGE_DIR: string = './data/storage';

  /**
   * HMAC key of the gateway's signed download URLs (local driver), at least
   * 32 characters; createStorage refuses to start the local driver without it.
   */
  @IsString()
  STORAGE_SIGNING_SECRET: string = '';

  /** Origin (and path prefix, if any) at which clients reach the gateway; signed local URLs start with it. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  /** Empty for AWS S3; the URL of MinIO, R2 or another S3-compatible server otherwise. */
  @IsString()
  S3_ENDPOINT: string = '';

  /** Where clients reach the store, if not at S3_ENDPOINT (a MinIO container seen from the host): download URLs are presigned for it. */
  @IsString()
  S3_PUBLIC_ENDPOINT: string = '';

  @IsString()
  S3_REGION: string = 'us-east-1';

  @IsString()
  S3_BUCKET: string = 'spool';

  /** Both empty: the AWS SDK's default credential chain. */
  @IsString()
  S3_ACCESS_KEY_ID: string = '';

  @IsString()
  S3_SECRET_ACCESS_KEY: string = '';

  /** `http://endpoint/bucket/key` rather than `http://bucket.endpoint/key` (MinIO and most self-hosted servers need it). */
  @EnvBoolean()
  @IsBoolean()
  S3_FORCE_PATH_STYLE: boolean = true;

  /** Lifetime of download URLs; S3 allows at most 7 days. */
  @IsInt()
  @Min(1)
  @Max(604_800)
  SIGNED_URL_TTL_SECONDS: number = 900;
}
