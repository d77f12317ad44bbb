import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ErrorCode,
  INTERNAL_KEY_PREFIX,
  type AssetRef,
  type AssetView,
  type CreateAssetRequest,
  type DeletedAsset,
  type ListAssetsRequest,
  type LocateAssetRequest,
  type LocatedAsset,
  type Page,
} from '@spool/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobsEnv } from '../config/jobs.env.js';
import type { EventRow } from '../events/event-row.js';
import { JobEventsPublisher } from '../events/job-events.publisher.js';
import { JobTypesService } from '../job-types/job-types.service.js';
import { decodeCursor, encodeCursor } from '../jobs/cursor.js';
import { JobsRepository, type NewJobRow } from '../jobs/jobs.repository.js';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS } from '../jobs/jobs.service.js';
import { rpcError } from '../rpc/rpc-error.js';
import { toAssetView, toLocatedAsset, type AssetRow } from './asset-row.js';
import { AssetsRepository } from './assets.repository.js';
import { ingestPlan, type IngestStep } from './ingest.plan.js';

const assetNotFound = (id: string) => rpcError(404, ErrorCode.ASSET_NOT_FOUND, 'Asset not found', `No asset ${id}`);

/** Assets: registered by the gateway after an upload, read and deleted by their owner, located by workers. */
@Injectable()
export class AssetsService {
  constructor(
    private readonly db: DataSource,
    private readonly assets: AssetsRepository,
    private readonly jobs: JobsRepository,
    private readonly types: JobTypesService,
    private readonly events: JobEventsPublisher,
    private readonly config: ConfigService<JobsEnv, true>,
  ) {}

  /** Registers an uploaded asset and, in the same transaction, queues its ingest jobs. */
  async create(req: CreateAssetRequest): Promise<AssetView> {
    const plan = req.ingest && this.config.get('INGEST_ON_UPLOAD') ? ingestPlan(req.kind, req.id) : [];
    const { row, events, runnable } = await this.db.transaction(async (m) => {
      const row = await this.assets.insert(m, req, plan.length > 0 ? 'pending' : 'completed');
      if (!row) return { row: await this.repeated(m, req), events: [], runnable: [] };
      const queued = plan.length > 0 ? await this.queueIngest(m, req, plan) : { events: [], runnable: [] };
      return { row, ...queued };
    });
    this.events.publishEvents(events);
    this.events.wake(runnable);
    return toAssetView(row);
  }

  /** The same upload registered again (the gateway's request was retried): the first answer, nothing queued twice. */
  private async repeated(m: EntityManager, req: CreateAssetRequest): Promise<AssetRow> {
    const row = await this.assets.findOne(m, req.id, req.ownerId);
    if (!row || row.storage_key !== req.storageKey) {
      throw rpcError(409, ErrorCode.IDEMPOTENCY_CONFLICT, 'Asset id in use', `Asset ${req.id} exists with other content`);
    }
    return row;
  }

  async get(ref: AssetRef): Promise<AssetView> {
    const row = await this.assets.findOne(this.db.manager, ref.id, ref.ownerId);
    if (!row) throw assetNotFound(ref.id);
    return toAssetView(row);
  }

  async list(req: ListAssetsRequest): Promise<Page<AssetView>> {
    const limit = Math.min(Math.max(req.limit, 1), 200);
    const rows = await this.assets.list(this.db.manager, {
      ownerId: req.ownerId,
      processingStatus: req.processingStatus,
      kind: req.kind,
      project: req.project,
      parentAssetId: req.parentAssetId,
      cursor: req.cursor ? decodeCursor(req.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toAssetView), nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null };
  }

  /** Removes the row; the caller (the gateway) then removes the stored object. */
  async delete(ref: AssetRef): Promise<DeletedAsset> {
    const row = await this.db.transaction((m) => this.assets.delete(m, ref.id, ref.ownerId));
    if (!row) throw assetNotFound(ref.id);
    return { id: row.id, storageKey: row.storage_key };
  }

  async locate(req: LocateAssetRequest): Promise<LocatedAsset> {
    const row = await this.assets.findOne(this.db.manager, req.assetId, req.ownerId);
    if (!row) throw assetNotFound(req.assetId);
    return toLocatedAsset(row);
  }

  /** The first step runs now; the others wait on it as ordinary dependencies. */
  private async queueIngest(m: EntityManager, req: CreateAssetRequest, plan: IngestStep[]): Promise<{ events: EventRow[]; runnable: string[] }> {
    const [first, ...rest] = await Promise.all(plan.map((step) => this.ingestJob(req, step)));
    const head = await this.jobs.insert(m, req.ownerId, [first!]);
    const parentId = head.rows[0]!.id;
    if (rest.length === 0) return head;
    await this.jobs.markParents(m, req.ownerId, [parentId]);
    const tail = await this.jobs.insert(
      m,
      req.ownerId,
      rest.map((job) => ({ ...job, status: 'blocked', pending_dependencies: 1, has_dependencies: true, depends_on: [parentId] })),
    );
    return { events: [...head.events, ...tail.events], runnable: [...head.runnable, ...tail.runnable] };
  }

  private async ingestJob(req: CreateAssetRequest, step: IngestStep): Promise<NewJobRow> {
    const type = await this.types.validateInput(step.type, step.input);
    return {
      idempotency_key: `${INTERNAL_KEY_PREFIX}ingest:${req.id}:${step.type}`,
      project: req.project,
      type: step.type,
      status: 'pending',
      priority: 0,
      input: step.input,
      max_attempts: type.max_attempts,
      timeout_seconds: type.timeout_seconds,
      backoff_ms: DEFAULT_BACKOFF_MS,
      max_backoff_ms: DEFAULT_MAX_BACKOFF_MS,
      run_at: null,
      pending_dependencies: 0,
      has_dependencies: false,
      cancel_reason: null,
      depends_on: [],
      asset_id: req.id,
    };
  }
}
