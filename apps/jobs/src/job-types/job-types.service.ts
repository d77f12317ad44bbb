import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode, type JobTypeDefinition, type JobTypeView } from '@spool/contracts';
import { DataSource } from 'typeorm';
import type { JobsEnv } from '../config/jobs.env.js';
import { rpcError } from '../rpc/rpc-error.js';
import { JobInputValidator, type InputCheck } from './job-input.validator.js';

interface JobTypeRow {
  type: string;
  description: string | null;
  input_schema: Record<string, unknown>;
  timeout_seconds: number;
  max_attempts: number;
  updated_at: Date;
}

/** A registered type as job creation needs it: defaults and the compiled input check. */
interface KnownType {
  timeout_seconds: number;
  max_attempts: number;
  check: InputCheck;
}

/**
 * The catalogue of job types. Workers register the types they serve with an
 * input schema and defaults; a job of an unregistered type is refused.
 */
@Injectable()
export class JobTypesService {
  private readonly cache = new Map<string, KnownType>();

  constructor(
    private readonly db: DataSource,
    private readonly validator: JobInputValidator,
    private readonly config: ConfigService<JobsEnv, true>,
  ) {}

  async register(definitions: JobTypeDefinition[]): Promise<void> {
    if (definitions.length === 0) return;
    await this.db.query(
      `INSERT INTO job_types (type, description, input_schema, timeout_seconds, max_attempts)
       SELECT type, description, input_schema, timeout_seconds, coalesce(max_attempts, 3)
         FROM jsonb_to_recordset($1::jsonb)
           AS x(type text, description text, input_schema jsonb, timeout_seconds int, max_attempts int)
       ON CONFLICT (type) DO UPDATE SET description = excluded.description, input_schema = excluded.input_schema,
         timeout_seconds = excluded.timeout_seconds, max_attempts = excluded.max_attempts, updated_at = now()
       WHERE (job_types.description, job_types.input_schema, job_types.timeout_seconds, job_types.max_attempts)
             IS DISTINCT FROM (excluded.description, excluded.input_schema, excluded.timeout_seconds, excluded.max_attempts)`,
      [
        JSON.stringify(
          definitions.map((d) => ({
            type: d.type,
            description: d.description ?? null,
            input_schema: d.inputSchema,
            timeout_seconds: d.timeoutSeconds,
            max_attempts: d.maxAttempts ?? null,
          })),
        ),
      ],
    );
    for (const d of definitions) this.cache.delete(d.type);
  }

  async list(): Promise<JobTypeView[]> {
    const rows: (JobTypeRow & { workers: number })[] = await this.db.query(
      `SELECT t.*, (SELECT count(*)::int FROM workers w
                     WHERE t.type = ANY (w.types) AND w.stopped_at IS NULL
                       AND w.last_seen_at > now() - $1 * interval '1 second') AS workers
         FROM job_types t ORDER BY t.type`,
      [this.config.get('WORKER_TTL_SECONDS')],
    );
    return rows.map((r) => ({
      type: r.type,
      description: r.description,
      inputSchema: r.input_schema,
      timeoutSeconds: r.timeout_seconds,
      maxAttempts: r.max_attempts,
      workers: r.workers,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  /** The registered type, or 422 UNKNOWN_JOB_TYPE naming `field`. */
  async require(type: string, field = 'type'): Promise<KnownType> {
    let known = this.cache.get(type);
    if (!known) {
      const [row]: JobTypeRow[] = await this.db.query(`SELECT * FROM job_types WHERE type = $1`, [type]);
      if (!row) {
        throw rpcError(422, ErrorCode.UNKNOWN_JOB_TYPE, 'Unknown job type', `No worker has registered the job type "${type}"`, [
          { field, message: `unknown job type "${type}"` },
        ]);
      }
      known = { timeout_seconds: row.timeout_seconds, max_attempts: row.max_attempts, check: this.validator.compile(row.input_schema) };
      this.cache.set(type, known);
    }
    return known;
  }

  /** 422 INVALID_JOB_INPUT naming every field that does not match the type's schema. */
  async validateInput(type: string, input: Record<string, unknown>, prefix = ''): Promise<KnownType> {
    const known = await this.require(type, `${prefix}type`);
    const errors = known.check(input);
    if (errors.length > 0) {
      throw rpcError(
        422,
        ErrorCode.INVALID_JOB_INPUT,
        'Job input does not match its type',
        errors.map((e) => `${prefix}${e.field} ${e.message}`).join('; '),
        errors.map((e) => ({ field: `${prefix}${e.field}`, message: e.message })),
      );
    }
    return known;
  }
}
