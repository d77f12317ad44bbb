import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows `limit` hits per window and key, then refuses until the window ends', () => {
    const limiter = new RateLimiter(2, 60_000);
    const t0 = 1_000_000;
    expect(limiter.hit('alice', t0)).toEqual({ allowed: true, limit: 2, remaining: 1, resetInMs: 60_000 });
    expect(limiter.hit('alice', t0 + 10)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit('alice', t0 + 20)).toMatchObject({ allowed: false, remaining: 0, resetInMs: 59_980 });
    expect(limiter.hit('bob', t0 + 20)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.hit('alice', t0 + 60_000)).toMatchObject({ allowed: true, remaining: 1, resetInMs: 60_000 });
  });
});
