import { UnauthorizedException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { adminKeyMatches, assertAdminKey } from './admin-key.js';
import { AdminGuard } from './admin.guard.js';

const KEY = 'admin-key-for-tests-0123456789-abcdef';
const guard = new AdminGuard({ adminApiKey: KEY });
const contextWith = (authorization?: string) =>
  new ExecutionContextHost([{ headers: authorization === undefined ? {} : { authorization } }, {}, () => undefined]);

describe('AdminGuard', () => {
  it('lets the right key through', () => {
    expect(guard.canActivate(contextWith(`Bearer ${KEY}`))).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['a wrong key', 'Bearer admin-key-for-tests-0123456789-abcdeX'],
    ['a prefix of the key', `Bearer ${KEY.slice(0, 20)}`],
    ['the key with a suffix', `Bearer ${KEY}x`],
    ['the key without the Bearer scheme', KEY],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 UNAUTHORIZED', (_, header) => {
    let error: unknown;
    try {
      guard.canActivate(contextWith(header));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnauthorizedException);
    expect((error as UnauthorizedException).getResponse()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('cannot be built with a short key', () => {
    expect(() => new AdminGuard({ adminApiKey: 'short' })).toThrow(/at least 32/);
  });
});

describe('assertAdminKey', () => {
  it('refuses a missing or short key', () => {
    expect(() => assertAdminKey(undefined)).toThrow(/ADMIN_API_KEY is not set/);
    expect(() => assertAdminKey('')).toThrow(/ADMIN_API_KEY is not set/);
    expect(() => assertAdminKey('x'.repeat(31))).toThrow(/too short \(31 characters\)/);
  });

  it('accepts a key of 32 characters or more', () => {
    expect(() => assertAdminKey('x'.repeat(32))).not.toThrow();
  });
});

describe('adminKeyMatches', () => {
  it('compares keys of any lengths without throwing', () => {
    expect(adminKeyMatches(KEY, KEY)).toBe(true);
    expect(adminKeyMatches('', KEY)).toBe(false);
    expect(adminKeyMatches('x'.repeat(10_000), KEY)).toBe(false);
  });
});
