import { DEV_JWT_SECRET } from '@spool/auth';
import { loadGatewayEnv } from './gateway.env.js';

const KEY = 'k'.repeat(32);

describe('loadGatewayEnv', () => {
  it('has local defaults for everything but the admin key', () => {
    const env = loadGatewayEnv({ NODE_ENV: 'development', ADMIN_API_KEY: KEY, PORT: undefined, MAX_BODY_BYTES: undefined });
    expect(env).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', JWT_SECRET: DEV_JWT_SECRET, MAX_BODY_BYTES: 1_048_576 });
  });

  it('converts numbers from the environment', () => {
    expect(loadGatewayEnv({ ADMIN_API_KEY: KEY, PORT: '8080', RATE_LIMIT_JOBS_PER_MINUTE: '5' })).toMatchObject({
      PORT: 8080,
      RATE_LIMIT_JOBS_PER_MINUTE: 5,
    });
  });

  it('requires the admin key', () => {
    expect(() => loadGatewayEnv({ ADMIN_API_KEY: undefined })).toThrow(/ADMIN_API_KEY must be set/);
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadGatewayEnv({ NODE_ENV: 'production', ADMIN_API_KEY: KEY, JWT_SECRET: undefined, JWT_JWKS_URL: undefined })).toThrow(
      /JWT_SECRET must be set in production/,
    );
    expect(loadGatewayEnv({ NODE_ENV: 'production', ADMIN_API_KEY: KEY, JWT_SECRET: 's'.repeat(40) }).JWT_SECRET).toBe('s'.repeat(40));
    expect(() =>
      loadGatewayEnv({ NODE_ENV: 'production', ADMIN_API_KEY: KEY, JWT_SECRET: undefined, JWT_JWKS_URL: 'https://id.example/jwks.json' }),
    ).not.toThrow();
  });
});
