import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode, UUID_PATTERN, type FieldError } from '@spool/contracts';
import { assertPublicUrl, parseAllowHosts, UrlRefusedError } from '@spool/media';
import { DataSource } from 'typeorm';
import type { JobsEnv } from '../config/jobs.env.js';
import { rpcError } from '../rpc/rpc-error.js';
import { AssetsRepository } from './assets.repository.js';

/** Job input fields that name an asset (`assetId`, `lutAssetId`, …) or a URL a worker will fetch (`url`). */
const ASSET_FIELD = /^(assetId|[a-z][A-Za-z0-9]*AssetId)$/;
const URL_FIELD = 'url';

/**
 * Checks what a job's input points at before the job exists: assets must be
 * the caller's, URLs must be http(s) to public addresses. Workers check URLs
 * again when they fetch (the DNS answer may have changed since).
 */
@Injectable()
export class InputReferencesService {
  private readonly allowHosts: string[];

  constructor(
    private readonly db: DataSource,
    private readonly assets: AssetsRepository,
    config: ConfigService<JobsEnv, true>,
  ) {
    this.allowHosts = parseAllowHosts(config.get('URL_FETCH_ALLOW_HOSTS'));
  }

  async check(ownerId: string, inputs: { input: Record<string, unknown>; prefix: string }[]): Promise<void> {
    const assetRefs: { field: string; id: string }[] = [];
    const urlChecks: Promise<FieldError | null>[] = [];
    for (const { input, prefix } of inputs) {
      for (const [key, value] of Object.entries(input)) {
        if (ASSET_FIELD.test(key) && typeof value === 'string') assetRefs.push({ field: `${prefix}input.${key}`, id: value.toLowerCase() });
        if (key === URL_FIELD && typeof value === 'string') {
          const field = `${prefix}input.${key}`;
          urlChecks.push(this.refusal(value).then((message) => (message ? { field, message } : null)));
        }
      }
    }
    // The DNS lookups of a batch run side by side; errors keep the inputs' order.
    const errors = (await Promise.all(urlChecks)).filter((e): e is FieldError => e !== null);
    if (errors.length > 0) {
      throw rpcError(422, ErrorCode.URL_REFUSED, 'URL refused', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    // A value that is not a uuid names no asset: it is reported missing like any other.
    const ids = [...new Set(assetRefs.map((r) => r.id).filter((id) => UUID_PATTERN.test(id)))];
    const owned = await this.assets.owned(this.db.manager, ownerId, ids);
    const missing = assetRefs.filter((r) => !owned.has(r.id));
    if (missing.length > 0) {
      throw rpcError(
        422,
        ErrorCode.ASSET_NOT_FOUND,
        'Unknown asset',
        missing.map((r) => `${r.field}: no asset ${r.id}`).join('; '),
        missing.map((r) => ({ field: r.field, message: `no asset ${r.id}` })),
      );
    }
  }

  private async refusal(url: string): Promise<string | null> {
    try {
      await assertPublicUrl(url, { allowHosts: this.allowHosts });
      return null;
    } catch (err) {
      if (err instanceof UrlRefusedError) return err.reason;
      return `cannot be checked: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
