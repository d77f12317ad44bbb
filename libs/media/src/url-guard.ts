import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AttemptErrorCode } from '@spool/contracts';
import { JobError, NonRetryableError } from '@spool/worker-runtime';
import { isBlockedAddress } from './ip-ranges.js';

/** A URL the worker will not fetch (scheme, credentials, or a non-public address). */
export class UrlRefusedError extends NonRetryableError {
  constructor(
    readonly reason: string,
    url: string,
  ) {
    super(`Refusing to fetch ${redact(url)}: ${reason}`, AttemptErrorCode.URL_REFUSED);
  }
}

export interface UrlCheckOptions {
  /**
   * `host` or `host:port` values (matched against URL.host) exempt from the
   * address check: a development and test escape hatch (URL_FETCH_ALLOW_HOSTS).
   */
  allowHosts?: string[];
}

const BLOCKED_NAMES = /^(localhost|.*\.localhost|metadata\.google\.internal|metadata)$/;

/**
 * Checks a URL before a server-side fetch and resolves its host. Any
 * resolved address that is loopback, private, link-local, CGNAT, multicast,
 * reserved or a cloud metadata endpoint refuses the URL. Connect to one of
 * the returned addresses (not to a new lookup) to avoid DNS rebinding.
 */
export async function assertPublicUrl(url: string, opts: UrlCheckOptions = {}): Promise<{ url: URL; addresses: string[] }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UrlRefusedError('not a valid absolute URL', url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UrlRefusedError(`scheme ${parsed.protocol} is not allowed (http and https only)`, url);
  if (parsed.username || parsed.password) throw new UrlRefusedError('URLs with credentials are not allowed', url);

  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (!host) throw new UrlRefusedError('no host', url);
  const allowed = isAllowedHost(parsed, opts.allowHosts);
  if (!allowed && BLOCKED_NAMES.test(host)) throw new UrlRefusedError(`host ${host} is internal`, url);

  const addresses = isIP(host) ? [host] : await resolveHost(host, url);
  if (!allowed) {
    const bad = addresses.find(isBlockedAddress);
    if (bad !== undefined) throw new UrlRefusedError(`${host} resolves to a non-public address (${bad})`, url);
  }
  return { url: parsed, addresses };
}

export function isAllowedHost(url: URL, allowHosts: readonly string[] | undefined): boolean {
  if (!allowHosts?.length) return false;
  const host = url.host.toLowerCase();
  return allowHosts.some((h) => h.trim().toLowerCase() === host);
}

/** The `URL_FETCH_ALLOW_HOSTS` setting (comma-separated host:port) as a list. */
export const parseAllowHosts = (value: string): string[] =>
  value
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);

async function resolveHost(host: string, url: string): Promise<string[]> {
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    if (found.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
    return found.map((a) => a.address);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = `Could not resolve the host of ${redact(url)} (${code ?? String(err)})`;
    // ENOTFOUND is an answer ("no such name"); other failures may be a flaky resolver.
    if (code === 'ENOTFOUND' || code === 'ENODATA') throw new NonRetryableError(message, AttemptErrorCode.INPUT_FETCH_FAILED, { cause: err });
    throw new JobError(message, AttemptErrorCode.INPUT_FETCH_FAILED, true, { cause: err });
  }
}

/** URLs end up in job errors: drop credentials and the query (often a signature). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    if (u.search) u.search = '?…';
    return u.toString();
  } catch {
    return JSON.stringify(url.slice(0, 200));
  }
}
