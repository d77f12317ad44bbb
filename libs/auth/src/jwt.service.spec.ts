import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnauthorizedException } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { AuthOptions } from './auth.options.js';
import { JwtService } from './jwt.service.js';
import { signUserToken } from './sign-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const options = (extra: Partial<AuthOptions> = {}): AuthOptions => ({ jwtSecret: SECRET, adminApiKey: 'k'.repeat(32), ...extra });

async function refusal(promise: Promise<unknown>): Promise<{ status: number; detail: string; code: string }> {
  const err = await promise.then(
    () => {
      throw new Error('expected the token to be refused');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnauthorizedException);
  const ex = err as UnauthorizedException;
  return { status: ex.getStatus(), ...(ex.getResponse() as { detail: string; code: string }) };
}

describe('JwtService with an HS256 secret', () => {
  const jwt = new JwtService(options());

  it('accepts a good token and returns its subject', async () => {
    const user = await jwt.verify(await signUserToken({ sub: 'alice', secret: SECRET }));
    expect(user.sub).toBe('alice');
    expect(typeof user.claims.exp).toBe('number');
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(await refusal(jwt.verify(token))).toMatchObject({ status: 401, code: 'UNAUTHORIZED', detail: 'The token has expired' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signUserToken({ sub: 'alice', secret: 'another-secret-another-secret-another-secret' });
    expect(await refusal(jwt.verify(token))).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('refuses a token without a subject or without an expiry', async () => {
    const key = new TextEncoder().encode(SECRET);
    const noSub = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').sign(key);
    await refusal(jwt.verify(noSub));
    await refusal(jwt.verify(noExp));
  });

  it('refuses garbage and unsigned tokens', async () => {
    await refusal(jwt.verify('not-a-jwt'));
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    await refusal(jwt.verify(`${header}.${body}.`));
  });

  it('checks issuer and audience when configured', async () => {
    const strict = new JwtService(options({ issuer: 'https://id.example', audience: 'spool' }));
    const good = await signUserToken({ sub: 'bob', secret: SECRET, issuer: 'https://id.example', audience: 'spool' });
    expect((await strict.verify(good)).sub).toBe('bob');
    const wrongAudience = await signUserToken({ sub: 'bob', secret: SECRET, issuer: 'https://id.example', audience: 'other' });
    await refusal(strict.verify(wrongAudience));
    await refusal(strict.verify(await signUserToken({ sub: 'bob', secret: SECRET })));
  });
});

describe('JwtService with a JWKS URL', () => {
  let server: Server;
  let url: string;
  let privateKey: CryptoKey;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (kid: string, key: CryptoKey | Uint8Array = privateKey, alg = 'ES256') =>
    new SignJWT({}).setProtectedHeader({ alg, kid }).setSubject('carol').setExpirationTime('5m').sign(key);

  it('accepts a token signed by a key of the set', async () => {
    const jwt = new JwtService(options({ jwksUrl: url, jwtSecret: undefined }));
    expect((await jwt.verify(await sign('key-1'))).sub).toBe('carol');
    expect(fetches).toBeGreaterThan(0);
  });

  it('refuses a token signed by a key outside the set', async () => {
    const jwt = new JwtService(options({ jwksUrl: url, jwtSecret: undefined }));
    const stranger = await generateKeyPair('ES256');
    expect(await refusal(jwt.verify(await sign('key-1', stranger.privateKey)))).toMatchObject({ status: 401 });
    await refusal(jwt.verify(await sign('key-2', stranger.privateKey)));
  });

  it('does not fall back to HS256 when a JWKS is configured', async () => {
    const jwt = new JwtService(options({ jwksUrl: url }));
    await refusal(jwt.verify(await signUserToken({ sub: 'carol', secret: SECRET })));
  });
});
