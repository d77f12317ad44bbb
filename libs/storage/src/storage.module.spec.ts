import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { validateEnv } from '@spool/config';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, createUrlSigner } from './create-storage.js';
import { LocalStorage } from './local-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3Storage } from './s3-storage.js';
import { StorageEnv } from './storage.env.js';
import { StorageModule } from './storage.module.js';
import { OBJECT_STORAGE } from './tokens.js';
import { UrlSigner } from './url-signer.js';

const SECRET = 'storage-module-test-secret-0123456789';
const loadEnv = (raw: Record<string, string> = {}): StorageEnv => validateEnv(StorageEnv)(raw);

describe('StorageEnv', () => {
  it('has development defaults', () => {
    expect(loadEnv()).toMatchObject({
      STORAGE_DRIVER: 'local',
      STORAGE_DIR: './data/storage',
      STORAGE_SIGNING_SECRET: '',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      S3_ENDPOINT: '',
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'spool',
      S3_FORCE_PATH_STYLE: true,
      SIGNED_URL_TTL_SECONDS: 900,
      NATS_URL: 'nats://127.0.0.1:4222',
    });
  });

  it('parses strings from the environment', () => {
    expect(loadEnv({ STORAGE_DRIVER: 's3', S3_FORCE_PATH_STYLE: 'false', SIGNED_URL_TTL_SECONDS: '60' })).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_FORCE_PATH_STYLE: false,
      SIGNED_URL_TTL_SECONDS: 60,
    });
  });

  it('refuses bad values', () => {
    expect(() => loadEnv({ STORAGE_DRIVER: 'ftp', PUBLIC_BASE_URL: 'not a url', SIGNED_URL_TTL_SECONDS: '0' })).toThrow(
      /STORAGE_DRIVER[\s\S]*PUBLIC_BASE_URL[\s\S]*SIGNED_URL_TTL_SECONDS/,
    );
  });
});

describe('createStorage', () => {
  it('refuses the local driver without a long enough signing secret', () => {
    expect(() => createStorage(loadEnv())).toThrow(new Error('STORAGE_SIGNING_SECRET must be at least 32 characters'));
    expect(() => createStorage(loadEnv({ STORAGE_SIGNING_SECRET: 'short' }))).toThrow('STORAGE_SIGNING_SECRET must be at least 32 characters');
  });

  it('makes the S3 driver without a signing secret, and a signer whose URLs nobody else can make', () => {
    const env = loadEnv({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://127.0.0.1:9' });
    const storage = createStorage(env) as S3Storage;
    expect(storage).toBeInstanceOf(S3Storage);
    expect(storage.bucket).toBe('spool');
    storage.destroy();
    const url = new URL(createUrlSigner(env).sign('k/1', 60));
    expect(createUrlSigner(env).verify('k/1', url.searchParams.get('expires')!, url.searchParams.get('sig')!)).toBe('invalid');
  });
});

describe('StorageModule', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-storage-module-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => {
    process.env = { ...saved };
  });

  it('provides the local driver and the signer it uses, from the app configuration', async () => {
    process.env.STORAGE_DIR = join(dir, 'objects');
    process.env.STORAGE_SIGNING_SECRET = SECRET;
    process.env.PUBLIC_BASE_URL = 'https://files.example.test';
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(StorageEnv) }), StorageModule.forRoot()],
    }).compile();
    const storage = moduleRef.get<ObjectStorage>(OBJECT_STORAGE);
    expect(storage).toBeInstanceOf(LocalStorage);
    expect((storage as LocalStorage).root).toBe(join(dir, 'objects'));
    const url = new URL(await storage.signedUrl('a/b.txt', { expiresInSeconds: 30 }));
    expect(url.origin).toBe('https://files.example.test');
    expect(moduleRef.get(UrlSigner).verify('a/b.txt', url.searchParams.get('expires')!, url.searchParams.get('sig')!)).toBe('ok');
    await moduleRef.close();
  });

  it('fails to start the local driver without a signing secret', async () => {
    delete process.env.STORAGE_SIGNING_SECRET;
    process.env.STORAGE_DIR = join(dir, 'never');
    const compiling = Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }), StorageModule.forRoot()],
    }).compile();
    await expect(compiling).rejects.toThrow('STORAGE_SIGNING_SECRET must be at least 32 characters');
  });
});
