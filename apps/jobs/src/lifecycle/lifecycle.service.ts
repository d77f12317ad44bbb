import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  MAX_CLAIM_WAIT_MS,
  type ClaimedJob,
  type ClaimRequest,
  type ClaimResult,
  type CompleteRequest,
  type FailRequest,
  type HeartbeatRequest,
  type HeartbeatResult,
  type LeaseOutcomes,
  type LeaseRef,
  type ReleaseRequest,
} from '@spool/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobsEnv } from '../config/jobs.env.js';
import { AssetsRepository } from '../assets/assets.repository.js';
import { JobEventsPublisher } from '../events/job-events.publisher.js';
import { DependenciesRepository, type DependencyOutcome } from '../jobs/dependencies.repository.js';
import { JobsMetrics } from '../metrics/jobs.metrics.js';
import { LifecycleRepository, type LeasedRow, type TransitionRow } from './lifecycle.repository.js';
import { ParkedClaims } from './parked-claims.js';

/** The worker protocol: claim, heartbeat, complete, fail, release; and the reaper's sweep. */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);
  /** Claims being made here, by claim id: a repeat waits for its first copy. */
  private readonly claimsInFlight = new Map<string, Promise<ClaimResult>>();

  constructor(
    private readonly db: DataSource,
    private readonly repo: LifecycleRepository,
    private readonly dependencies: DependenciesRepository,
    private readonly events: JobEventsPublisher,
    private readonly metrics: JobsMetrics,
    private readonly config: ConfigService<JobsEnv, true>,
    private readonly assets: AssetsRepository,
    private readonly parked: ParkedClaims,
  ) {}

  /**
   * Leases up to `max` runnable jobs. A repeated request (its reply was lost)
   * gets back the jobs its first copy leased, with the same lease tokens; if
   * the first copy is still running here, the repeat waits for it.
   */
  async claim(req: ClaimRequest): Promise<ClaimResult> {
    const max = Math.min(Math.max(req.max, 0), this.config.get('MAX_CLAIM_BATCH'));
    if (max === 0 || req.types.length === 0) return { jobs: [] };
    const claimId = req.claimId;
    if (claimId === undefined) return this.claimOrWait(req, max);
    // Registered before the first await, so a copy handled in the same tick already finds it.
    const previous = this.claimsInFlight.get(claimId);
    const claim = (async (): Promise<ClaimResult> => {
      await previous?.catch(() => undefined);
      if (req.repeat) {
        const leased = await this.repo.claimedBy(this.db.manager, req.workerId, claimId, max);
        if (leased.length > 0) return { jobs: await this.toClaimedJobs(leased) };
      }
      return this.claimOrWait(req, max);
    })();
    this.claimsInFlight.set(claimId, claim);
    const done = (): void => {
      if (this.claimsInFlight.get(claimId) === claim) this.claimsInFlight.delete(claimId);
    };
    claim.then(done, done);
    return claim;
  }

  /** A claim with `waitMs` that finds nothing waits for work in ParkedClaims. */
  private claimOrWait(req: ClaimRequest, max: number): Promise<ClaimResult> {
    const waitMs = Math.min(req.waitMs ?? 0, MAX_CLAIM_WAIT_MS);
    if (!(waitMs > 0)) return this.claimNew(req, max);
    return this.parked.claim(req.workerId, req.types, waitMs, () => this.claimNew(req, max));
  }

  private async claimNew(req: ClaimRequest, max: number): Promise<ClaimResult> {
    const rows = await this.repo.claim(this.db.manager, req.workerId, req.claimId ?? null, req.types, max, this.leaseSeconds(req.leaseSeconds));
    if (rows.length === 0) return { jobs: [] };
    this.events.publishEvents(
      rows.map((r) => ({
        id: r.event_id,
        job_id: r.id,
        seq: r.seq,
        owner_id: r.owner_id,
        type: r.type,
        status: 'running',
        kind: 'started',
        data: { attempt: r.attempt, workerId: r.worker_id },
        created_at: r.event_at,
      })),
    );
    this.metrics.claimed(rows.map((r) => r.type));
    return { jobs: await this.toClaimedJobs(rows) };
  }

  async heartbeat(req: HeartbeatRequest): Promise<HeartbeatResult> {
    if (req.items.length === 0) return { items: [] };
    const rows = await this.repo.heartbeat(this.db.manager, req.items, this.leaseSeconds(req.leaseSeconds));
    this.events.publishEvents(
      rows
        .filter((r) => r.event_id !== null)
        .map((r) => ({ ...r, id: r.event_id!, kind: 'progress' as const, created_at: r.event_at! })),
    );
    const live = new Map(rows.map((r) => [r.job_id, r.cancel_requested]));
    return { items: req.items.map((i) => ({ jobId: i.jobId, ok: live.has(i.jobId), cancelRequested: live.get(i.jobId) ?? false })) };
  }

  async complete(req: CompleteRequest): Promise<LeaseOutcomes> {
    if (!req.items.some((i) => i.media)) return this.transition(req.items, (m) => this.repo.complete(m, req.items));
    // Output assets are written with the completion, in its transaction.
    return this.transition(req.items, () =>
      this.db.transaction(async (m) => {
        const rows = await this.repo.complete(m, req.items);
        const done = new Set(rows.map((r) => r.job_id));
        const media = req.items.filter((i) => i.media && done.has(i.jobId));
        if (media.length > 0) await this.assets.recordCompletionMedia(m, media);
        return rows;
      }),
    );
  }

  async fail(req: FailRequest): Promise<LeaseOutcomes> {
    return this.transition(req.items, (m) => this.repo.fail(m, req.workerId, req.items));
  }

  async release(req: ReleaseRequest): Promise<LeaseOutcomes> {
    return this.transition(req.items, (m) => this.repo.release(m, req.items));
  }

  /** One sweep of the reaper; returns how many jobs it took back. */
  async reap(limit = 500): Promise<number> {
    const { rows } = await this.apply((m) => this.repo.reap(m, limit));
    return rows.length;
  }

  /** Releases or cancels blocked jobs whose parents finished without telling them. */
  async repairDependencies(): Promise<void> {
    const outcome = await this.db.transaction((m) => this.dependencies.repair(m));
    this.events.publishEvents([...outcome.events, ...outcome.canceled]);
    this.events.wake(outcome.runnable);
    this.events.wakeLater(outcome.later);
  }

  /**
   * Runs a transition on leased jobs and answers per item: applied now,
   * applied by an earlier copy of the same request (ok), or refused because
   * the lease token is stale (not ok, nothing changed).
   */
  private async transition(items: LeaseRef[], change: (m: EntityManager) => Promise<TransitionRow[]>): Promise<LeaseOutcomes> {
    if (items.length === 0) return { items: [] };
    const { rows } = await this.apply(change);
    const done = new Set(rows.map((r) => r.job_id));
    const rest = items.filter((i) => !done.has(i.jobId));
    const repeated = await this.repo.alreadyApplied(this.db.manager, rest);
    return { items: items.map((i) => ({ jobId: i.jobId, ok: done.has(i.jobId) || repeated.has(i.jobId) })) };
  }

  /**
   * Applies a transition, then what it implies for dependents; publishes
   * after commit. `change` is one statement (the jobs and their events), so
   * the common case, jobs without dependents, costs no BEGIN and COMMIT
   * round trips. Dependents are released or canceled right after, in their
   * own transaction; should the process die in between, the reaper's
   * dependency repair does it.
   */
  private async apply(change: (m: EntityManager) => Promise<TransitionRow[]>): Promise<{ rows: TransitionRow[] }> {
    const rows = await change(this.db.manager);
    let outcome: DependencyOutcome = { events: [], runnable: [], later: [] };
    if (rows.some((r) => r.has_dependents)) {
      try {
        outcome = await this.db.transaction((m) => this.settleDependents(m, rows));
      } catch (err) {
        this.logger.warn(`dependents of ${rows.length} jobs left to the repair sweep: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.events.wake([
      ...outcome.runnable,
      ...rows.filter((r) => r.status === 'pending' && (r.kind === 'lease_expired' || r.kind === 'released')).map((r) => r.type),
    ]);
    this.events.wakeLater([
      ...outcome.later,
      ...rows
        .filter((r) => r.kind === 'attempt_failed' && typeof r.data.retryAt === 'string')
        .map((r) => ({ type: r.type, delayMs: Date.parse(r.data.retryAt as string) - r.created_at.getTime() })),
    ]);
    this.events.publishEvents([...rows, ...outcome.events]);
    this.metrics.transitions(rows);
    return { rows };
  }

  /** Dependents of jobs that just finished: released when the job succeeded, canceled when it failed or was canceled. */
  private async settleDependents(m: EntityManager, rows: TransitionRow[]): Promise<DependencyOutcome> {
    const withDependents = rows.filter((r) => r.has_dependents);
    if (withDependents.length === 0) return { events: [], runnable: [], later: [] };
    const succeeded = withDependents.filter((r) => r.status === 'succeeded').map((r) => r.job_id);
    const dead = withDependents.filter((r) => r.status === 'failed' || r.status === 'canceled').map((r) => ({ id: r.job_id, status: r.status }));
    const released = await this.dependencies.release(m, succeeded);
    const canceled = await this.dependencies.cancelDownstream(m, dead);
    return { ...released, events: [...released.events, ...canceled] };
  }

  /** What the worker gets for each leased job, with the outputs of its parents. */
  private async toClaimedJobs(rows: LeasedRow[]): Promise<ClaimedJob[]> {
    const withParents = rows.filter((r) => r.has_dependencies).map((r) => r.id);
    const outputs = withParents.length ? await this.repo.dependencyOutputs(this.db.manager, withParents) : [];
    return rows.map((r) => ({
      id: r.id,
      ownerId: r.owner_id,
      type: r.type,
      input: r.input,
      attempt: r.attempt,
      maxAttempts: r.max_attempts,
      timeoutSeconds: r.timeout_seconds,
      leaseToken: r.lease_token,
      leaseExpiresAt: r.lease_expires_at.toISOString(),
      dependencies: outputs.filter((o) => o.job_id === r.id).map((o) => ({ jobId: o.id, type: o.type, output: o.output })),
    }));
  }

  private leaseSeconds(asked: number): number {
    return Math.min(Math.max(Math.round(asked) || 0, this.config.get('MIN_LEASE_SECONDS')), this.config.get('MAX_LEASE_SECONDS'));
  }
}
