import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { validateEnv } from '@spool/config';
import { createStorage, createUrlSigner } from './create-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3Storage } from './s3-storage.js';
import { StorageEnv } from './storage.env.js';
import { OBJECT_STORAGE } from './tokens.js';
import { UrlSigner } from './url-signer.js';

const STORAGE_SETTINGS = Symbol('STORAGE_SETTINGS');

/**
 * StorageEnv's settings as the app's ConfigService has them, defaulted and
 * validated again, so this works whether or not the app's env class extends
 * StorageEnv.
 */
function storageSettings(config: ConfigService): StorageEnv {
  const keys = Object.keys(new StorageEnv());
  return validateEnv(StorageEnv)(Object.fromEntries(keys.map((key) => [key, config.get(key)])));
}

/**
 * Provides OBJECT_STORAGE (the driver chosen by STORAGE_DRIVER) and UrlSigner
 * (for the gateway's signed local downloads) to the whole app. Needs a global
 * ConfigModule. Outside production, the S3 bucket is created if missing.
 */
@Module({})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  static forRoot(): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: STORAGE_SETTINGS, inject: [ConfigService], useFactory: storageSettings },
        { provide: UrlSigner, inject: [STORAGE_SETTINGS], useFactory: createUrlSigner },
        {
          provide: OBJECT_STORAGE,
          inject: [STORAGE_SETTINGS, UrlSigner],
          useFactory: async (env: StorageEnv, signer: UrlSigner): Promise<ObjectStorage> => {
            const storage = createStorage(env, signer);
            if (storage instanceof S3Storage && env.NODE_ENV !== 'production') await storage.ensureBucket();
            return storage;
          },
        },
      ],
      exports: [OBJECT_STORAGE, UrlSigner],
    };
  }

  onApplicationShutdown(): void {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}
