import { BadRequestException } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';

/**
 * The sha256 a client says its upload has, as lowercase hex: from
 * `Content-Digest: sha-256=:<base64>:` (RFC 9530) or `X-Checksum-SHA256: <hex>`.
 */
export function expectedSha256(headers: Record<string, string | string[] | undefined>): string | null {
  const digest = headers['content-digest'];
  if (typeof digest === 'string') {
    const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]+={0,2}):/.exec(digest);
    if (!match) throw invalid('content-digest', 'expected sha-256=:<base64>:');
    const hex = Buffer.from(match[1]!, 'base64').toString('hex');
    if (hex.length !== 64) throw invalid('content-digest', 'a sha-256 digest has 32 bytes');
    return hex;
  }
  const hex = headers['x-checksum-sha256'];
  if (typeof hex === 'string') {
    if (!/^[0-9a-fA-F]{64}$/.test(hex.trim())) throw invalid('x-checksum-sha256', 'expected 64 hex digits');
    return hex.trim().toLowerCase();
  }
  return null;
}

const invalid = (field: string, message: string) =>
  new BadRequestException({ code: ErrorCode.VALIDATION_FAILED, title: 'Invalid checksum header', detail: `${field}: ${message}`, errors: [{ field, message }] });
