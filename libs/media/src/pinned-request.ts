import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/**
 * GET `url` connecting only to `addresses` (already vetted), whatever DNS
 * says now: the Host header and the TLS server name still come from the URL.
 * Resolves on the response headers; `timeoutMs` bounds each idle period.
 */
export function pinnedGet(url: URL, addresses: string[], timeoutMs: number, signal?: AbortSignal): Promise<IncomingMessage> {
  const vetted = addresses.map((address) => ({ address, family: isIP(address) }));
  // Node asks for { all: true } when it may try several addresses (happy eyeballs).
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: typeof vetted) => void)(null, vetted);
    else callback(null, vetted[0].address, vetted[0].family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      agent: false,
      lookup: pinned,
      signal,
      headers: { 'user-agent': 'Spool media fetcher', 'accept-encoding': 'identity', accept: '*/*' },
    });
    req.setTimeout(timeoutMs, () => req.destroy(idleTimeout(timeoutMs)));
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

export const idleTimeout = (ms: number): Error => Object.assign(new Error(`no data for ${ms} ms`), { code: 'ETIMEDOUT' });
