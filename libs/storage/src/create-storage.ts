import { randomBytes } from 'node:crypto';
import { LocalStorage } from './local-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3Storage } from './s3-storage.js';
import type { StorageEnv } from './storage.env.js';
import { MIN_SIGNING_SECRET_LENGTH, UrlSigner } from './url-signer.js';

type StorageSettings = Pick<
  StorageEnv,
  | 'STORAGE_DRIVER'
  | 'STORAGE_DIR'
  | 'STORAGE_SIGNING_SECRET'
  | 'PUBLIC_BASE_URL'
  | 'S3_ENDPOINT'
  | 'S3_PUBLIC_ENDPOINT'
  | 'S3_REGION'
  | 'S3_BUCKET'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/**
 * The signer of local download URLs. With the S3 driver and no secret, a
 * random one: nothing mints gateway URLs then, and none can be forged.
 */
export function createUrlSigner(env: Pick<StorageSettings, 'STORAGE_DRIVER' | 'STORAGE_SIGNING_SECRET' | 'PUBLIC_BASE_URL'>): UrlSigner {
  const secret = env.STORAGE_SIGNING_SECRET ?? '';
  if (secret.length < MIN_SIGNING_SECRET_LENGTH && env.STORAGE_DRIVER === 's3') {
    return new UrlSigner(randomBytes(32).toString('base64url'), env.PUBLIC_BASE_URL);
  }
  return new UrlSigner(secret, env.PUBLIC_BASE_URL);
}

/** The storage driver chosen by STORAGE_DRIVER. Throws when the local driver has no signing secret. */
export function createStorage(env: StorageSettings, signer?: UrlSigner): ObjectStorage {
  if (env.STORAGE_DRIVER === 's3') {
    return new S3Storage({
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      publicEndpoint: env.S3_PUBLIC_ENDPOINT || undefined,
    });
  }
  return new LocalStorage(env.STORAGE_DIR, signer ?? createUrlSigner(env));
}
