import { Injectable } from '@nestjs/common';
import type { AssetKind, CompleteItem, CreateAssetRequest, ProcessingStatus } from '@spool/contracts';
import { queryRows } from '@spool/database';
import type { EntityManager } from 'typeorm';
import { ASSET_COLUMNS, type AssetRow } from './asset-row.js';

export interface AssetFilter {
  ownerId: string;
  processingStatus?: ProcessingStatus;
  kind?: AssetKind;
  project?: string;
  parentAssetId?: string;
  cursor?: { at: string; id: string };
  limit: number;
}

@Injectable()
export class AssetsRepository {
  /** Inserts the asset; undefined when a row with its id exists already (a repeated request). */
  async insert(m: EntityManager, req: CreateAssetRequest, status: ProcessingStatus): Promise<AssetRow | undefined> {
    const [row] = await queryRows<AssetRow>(
      m,
      `INSERT INTO assets AS a (id, owner_id, project, kind, storage_key, filename, content_type, size, sha256,
                               processing_status, processing_completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::asset_processing_status,
               CASE WHEN $10::asset_processing_status = 'completed' THEN now() END)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${ASSET_COLUMNS}`,
      [req.id, req.ownerId, req.project, req.kind, req.storageKey, req.filename, req.contentType, req.size, req.sha256, status],
    );
    return row;
  }

  async findOne(m: EntityManager, id: string, ownerId: string): Promise<AssetRow | undefined> {
    const rows = await queryRows<AssetRow>(m, `SELECT ${ASSET_COLUMNS} FROM assets a WHERE a.id = $1 AND a.owner_id = $2`, [id, ownerId]);
    return rows[0];
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(m: EntityManager, f: AssetFilter): Promise<AssetRow[]> {
    const params: unknown[] = [];
    const param = (v: unknown): string => `$${params.push(v)}`;
    const where = [`a.owner_id = ${param(f.ownerId)}`];
    if (f.processingStatus) where.push(`a.processing_status = ${param(f.processingStatus)}`);
    if (f.kind) where.push(`a.kind = ${param(f.kind)}`);
    if (f.project) where.push(`a.project = ${param(f.project)}`);
    if (f.parentAssetId) where.push(`a.parent_asset_id = ${param(f.parentAssetId)}`);
    if (f.cursor) where.push(`(a.created_at, a.id) < (${param(f.cursor.at)}::timestamptz, ${param(f.cursor.id)}::uuid)`);
    return queryRows<AssetRow>(
      m,
      `SELECT ${ASSET_COLUMNS} FROM assets a WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT ${param(f.limit)}`,
      params,
    );
  }

  async delete(m: EntityManager, id: string, ownerId: string): Promise<{ id: string; storage_key: string } | undefined> {
    // Jobs first, then the asset: the order every job transition takes (its trigger locks the asset).
    await m.query(`SELECT 1 FROM jobs WHERE asset_id = $1 FOR UPDATE`, [id]);
    const rows = await queryRows<{ id: string; storage_key: string }>(
      m,
      `DELETE FROM assets WHERE id = $1 AND owner_id = $2 RETURNING id, storage_key`,
      [id, ownerId],
    );
    return rows[0];
  }

  /** The ids among `ids` that are assets of `ownerId`. */
  async owned(m: EntityManager, ownerId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM assets WHERE id = ANY ($1::uuid[]) AND owner_id = $2`, [ids, ownerId]);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Writes what succeeded jobs produced: their output assets (owned like the
   * job, already completed) and probe results for existing assets of the same owner.
   */
  async recordCompletionMedia(m: EntityManager, items: CompleteItem[]): Promise<void> {
    const assets = items.flatMap((i) => (i.media?.assets ?? []).map((a) => ({ ...a, job_id: i.jobId })));
    const probes = items.flatMap((i) => (i.media?.probes ?? []).map((p) => ({ ...p, job_id: i.jobId })));
    if (assets.length > 0) {
      await m.query(
        `INSERT INTO assets (id, owner_id, project, kind, storage_key, filename, content_type, size, sha256, probe,
                             parent_asset_id, job_id, role, processing_status, processing_job_id, processing_completed_at)
         SELECT x.id, j.owner_id, j.project, x.kind, x."storageKey", left(x.filename, 255), x."contentType", x.size, x.sha256,
                x.probe, p.id, j.id, left(x.role, 50), 'completed', j.id, now()
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, job_id uuid, kind asset_kind, "storageKey" text, filename text,
                                                  "contentType" text, size bigint, sha256 text, probe jsonb,
                                                  "parentAssetId" uuid, role text)
           JOIN jobs j ON j.id = x.job_id
           LEFT JOIN assets p ON p.id = x."parentAssetId" AND p.owner_id = j.owner_id
         ON CONFLICT (id) DO NOTHING`,
        [JSON.stringify(assets)],
      );
    }
    if (probes.length > 0) {
      await m.query(
        // The kind was sniffed from the first bytes; the probe knows better (an MP4 of audio only).
        `UPDATE assets a SET probe = x.probe, updated_at = now(),
                kind = CASE WHEN a.kind = 'video' AND x.probe->'video' = 'null'::jsonb AND x.probe->'audio' <> 'null'::jsonb
                            THEN 'audio'::asset_kind ELSE a.kind END
           FROM jsonb_to_recordset($1::jsonb) AS x("assetId" uuid, job_id uuid, probe jsonb)
           JOIN jobs j ON j.id = x.job_id
          WHERE a.id = x."assetId" AND a.owner_id = j.owner_id`,
        [JSON.stringify(probes)],
      );
    }
  }
}
