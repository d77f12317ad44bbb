import { createHmac, timingSafeEqual } from 'node:crypto';
import { assertObjectKey } from './object-key.js';

export type SignedUrlCheck = 'ok' | 'expired' | 'invalid';

export const MIN_SIGNING_SECRET_LENGTH = 32;

/** Path of the gateway route that serves local objects by signed URL. */
export const SIGNED_URL_PATH = '/v1/storage';

/**
 * Signs and checks the gateway's download URLs for the local driver:
 * `${publicBaseUrl}/v1/storage/<key>?expires=<unix s>&sig=<HMAC>[&filename=]`,
 * the HMAC-SHA256 (base64url) covering "key\nexpires\nfilename".
 */
export class UrlSigner {
  private readonly baseUrl: string;

  constructor(
    private readonly secret: string,
    publicBaseUrl: string,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < MIN_SIGNING_SECRET_LENGTH) {
      throw new Error(`STORAGE_SIGNING_SECRET must be at least ${MIN_SIGNING_SECRET_LENGTH} characters`);
    }
    this.baseUrl = publicBaseUrl.replace(/\/+$/, '');
  }

  sign(key: string, expiresInSeconds: number, filename?: string): string {
    assertObjectKey(key);
    if (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds <= 0) {
      throw new RangeError(`expiresInSeconds must be a positive integer, got ${expiresInSeconds}`);
    }
    const expires = String(Math.floor(this.now() / 1000) + expiresInSeconds);
    const query = new URLSearchParams({ expires, sig: this.signature(key, expires, filename) });
    if (filename) query.set('filename', filename);
    const path = key.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl}${SIGNED_URL_PATH}/${path}?${query}`;
  }

  /** Checks the signature first, so a tampered `expires` is 'invalid', not 'expired'. */
  verify(key: string, expires: string, sig: string, filename?: string): SignedUrlCheck {
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof sig !== 'string') return 'invalid';
    const expected = Buffer.from(this.signature(key, expires, filename));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 < this.now() ? 'expired' : 'ok';
  }

  private signature(key: string, expires: string, filename = ''): string {
    return createHmac('sha256', this.secret).update(`${key}\n${expires}\n${filename}`).digest('base64url');
  }
}
