import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AssetsSubjects, type AssetRef, type AssetView, type DeletedAsset, type ListAssetsRequest, type LocateAssetRequest, type LocatedAsset, type Page } from '@spool/contracts';
import { JobsClient, RemoteError } from '@spool/messaging';
import { OBJECT_STORAGE, type ObjectStorage } from '@spool/storage';
import type { GatewayEnv } from '../config/gateway.env.js';
import type { ListAssetsQuery } from './dto/list-assets.query.js';

/** The user's asset API: rows from apps/jobs, bytes from storage. */
@Injectable()
export class AssetsService {
  private readonly logger = new Logger(AssetsService.name);

  constructor(
    private readonly client: JobsClient,
    @Inject(OBJECT_STORAGE) readonly storage: ObjectStorage,
    private readonly config: ConfigService<GatewayEnv, true>,
  ) {}

  list(ownerId: string, query: ListAssetsQuery): Promise<Page<AssetView>> {
    return this.client.send<Page<AssetView>, ListAssetsRequest>(AssetsSubjects.list, { ...query, ownerId });
  }

  get(ownerId: string, id: string): Promise<AssetView> {
    return this.client.send<AssetView, AssetRef>(AssetsSubjects.get, { id, ownerId });
  }

  /** Where the bytes are; 404 for anyone but the owner. */
  locate(ownerId: string, id: string): Promise<LocatedAsset> {
    return this.client.send<LocatedAsset, LocateAssetRequest>(AssetsSubjects.locate, { assetId: id, ownerId });
  }

  async signedUrl(ownerId: string, id: string): Promise<{ url: string; expiresAt: string }> {
    const asset = await this.locate(ownerId, id);
    const ttl = this.config.get('SIGNED_URL_TTL_SECONDS');
    const url = await this.storage.signedUrl(asset.storageKey, { expiresInSeconds: ttl, filename: asset.filename ?? undefined, contentType: asset.contentType });
    return { url, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
  }

  /**
   * The row goes first, so nothing can reach an object about to disappear.
   * The key is looked up before: a retried delete whose first reply was lost
   * finds no row (404) yet must still remove the object.
   */
  async delete(ownerId: string, id: string): Promise<void> {
    const { storageKey } = await this.locate(ownerId, id);
    await this.client.send<DeletedAsset, AssetRef>(AssetsSubjects.delete, { id, ownerId }).catch((err: unknown) => {
      if (!(err instanceof RemoteError && err.problem.status === 404)) throw err;
    });
    await this.storage.delete(storageKey).catch((err: unknown) => this.logger.warn(`asset ${id} deleted but not its object ${storageKey}: ${String(err)}`));
  }
}
