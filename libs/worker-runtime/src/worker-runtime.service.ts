import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import {
  MAX_CLAIM_WAIT_MS,
  WorkerSubjects,
  WAKEUP_QUEUE_GROUP,
  wakeupOneSubject,
  wakeupSubject,
  type AssetProbeUpdate,
  type ClaimedJob,
  type ClaimRequest,
  type ClaimResult,
  type CompleteItem,
  type FailItem,
  type FailureReport,
  type HeartbeatItem,
  type HeartbeatResult,
  type JobTypeDefinition,
  type LeaseOutcomes,
  type LeaseRef,
  type OutputAsset,
  type UnparkRequest,
  type WakeupHint,
  type WorkerInfo,
} from '@spool/contracts';
import { JobsClient, NatsPublisher, RemoteError } from '@spool/messaging';
import { jobContext } from '@spool/observability';
import type { Subscription } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Batcher } from './batcher.js';
import { JobCanceledError, JobError, JobTimeoutError, LeaseLostError, WorkerShutdownError } from './errors.js';
import { PROCESSOR_METADATA, type JobContext, type JobProcessor } from './processor.js';
import { WORKER_RUNTIME_OPTIONS, type WorkerRuntimeOptions } from './worker-runtime.options.js';

interface ActiveJob {
  job: ClaimedJob;
  controller: AbortController;
  /** Progress not yet sent with a heartbeat. */
  report: { progress?: number; message?: string } | null;
  timeout: NodeJS.Timeout;
  startedAt: number;
  /** Output assets and probes sent with the completion. */
  media: { assets: OutputAsset[]; probes: AssetProbeUpdate[] };
}

interface Registered {
  definition: JobTypeDefinition;
  processor: JobProcessor;
}

/** Minimum gap between two progress flushes of the same worker. */
const PROGRESS_FLUSH_MS = 250;

/**
 * Runs job processors: claims work up to its free concurrency when woken by
 * a hint or the slow poll, keeps leases alive with batched heartbeats,
 * reports results in batches, and on SIGTERM stops claiming, lets in-flight
 * jobs finish within a grace period and hands back the rest.
 */
@Injectable()
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly workerId: string;
  private readonly logger: Logger;
  private readonly processors = new Map<string, Registered>();
  private readonly active = new Map<string, ActiveJob>();
  private readonly subscriptions: Subscription[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly startedAt = Date.now();
  private readonly completions: Batcher<CompleteItem>;
  private readonly failures: Batcher<FailItem>;
  private readonly releases: Batcher<LeaseRef>;
  private claiming = false;
  /** The claim request under way, awaited at shutdown: its jobs are handed back, not stranded. */
  private claimInFlight: Promise<void> = Promise.resolve();
  private draining = false;
  private progressTimer: NodeJS.Timeout | null = null;
  private heartbeatInFlight = false;
  private stats = { succeeded: 0, failed: 0 };

  constructor(
    @Inject(WORKER_RUNTIME_OPTIONS) private readonly options: WorkerRuntimeOptions,
    private readonly discovery: DiscoveryService,
    private readonly jobs: JobsClient,
    private readonly nats: NatsPublisher,
  ) {
    this.workerId = `${options.name}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.logger = new Logger(this.workerId);
    this.completions = new Batcher((items) => this.report(WorkerSubjects.complete, items));
    this.failures = new Batcher((items) => this.report(WorkerSubjects.fail, items));
    this.releases = new Batcher((items) => this.report(WorkerSubjects.release, items));
  }

  get activeJobs(): number {
    return this.active.size;
  }

  get uptimeSeconds(): number {
    return Math.round((Date.now() - this.startedAt) / 1000);
  }

  get types(): string[] {
    return [...this.processors.keys()];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const definition = wrapper.metatype && Reflect.getMetadata(PROCESSOR_METADATA, wrapper.metatype);
      if (definition && wrapper.instance) this.processors.set(definition.type, { definition, processor: wrapper.instance });
    }
    if (this.processors.size === 0) throw new Error('No @Processor() providers found: this worker would serve no job type');

    await this.registerWhenReachable();
    for (const type of this.types) {
      this.subscriptions.push(
        this.nats.subscribe(wakeupSubject(type), () => this.woken()),
        this.nats.subscribe<WakeupHint>(wakeupOneSubject(type), (hint) => this.wokenAlone(hint), WAKEUP_QUEUE_GROUP),
      );
    }
    const heartbeatMs = Math.max(500, (this.options.leaseSeconds * 1000) / 3);
    this.every(heartbeatMs, () => this.heartbeat());
    // Claims wait in apps/jobs for work and are sent again as soon as they are answered; this
    // timer restarts that loop after a claim failed or was answered empty without waiting.
    this.every(this.options.pollIntervalMs, () => this.claim());
    this.every(this.options.registryIntervalMs, () => this.jobs.send(WorkerSubjects.register, { worker: this.info() }, { attempts: 1 }));
    this.every(this.options.aliveLogIntervalMs, async () =>
      this.logger.log(`alive, ${this.active.size} active, ${this.stats.succeeded} succeeded, ${this.stats.failed} failed`),
    );
    this.logger.log(`started: serves ${this.types.join(', ')} with concurrency ${this.options.concurrency}`);
    this.claim();
  }

  /** Registers with apps/jobs, waiting for it (up to a minute) when the worker starts first. */
  private async registerWhenReachable(): Promise<void> {
    const definitions = [...this.processors.values()].map((p) => p.definition);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.jobs.send(WorkerSubjects.register, { worker: this.info(), definitions }, { attempts: 1 });
        return;
      } catch (err) {
        if (!(err instanceof RemoteError) || !err.retryable || attempt >= 60) throw err;
        if (attempt === 1 || attempt % 10 === 0) this.logger.warn(`jobs service not reachable yet (${message(err)}); retrying`);
        await sleep(1000);
      }
    }
  }

  /** SIGTERM/SIGINT: stop claiming, let in-flight jobs finish, hand back what is left. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    for (const s of this.subscriptions) s.unsubscribe();
    // The claim waiting in apps/jobs answers now (with nothing) rather than at the end of its wait.
    this.nats.publish(WorkerSubjects.unpark, { workerId: this.workerId } satisfies UnparkRequest);
    this.logger.log(`${signal ?? 'shutdown'}: no new claims, waiting up to ${this.options.shutdownGraceMs} ms for ${this.active.size} active jobs`);
    const deadline = Date.now() + this.options.shutdownGraceMs;
    while (this.active.size > 0 && Date.now() < deadline) await sleep(50);
    const left = [...this.active.values()];
    if (left.length > 0) {
      this.logger.warn(`grace period over: handing back ${left.length} jobs`);
      for (const a of left) a.controller.abort(new WorkerShutdownError());
      const settleBy = Date.now() + 5000;
      while (this.active.size > 0 && Date.now() < settleBy) await sleep(20);
      // Processors that ignore their signal: hand their jobs back anyway and drop whatever they produce.
      for (const a of this.active.values()) {
        this.active.delete(a.job.id);
        clearTimeout(a.timeout);
        this.releases.push({ jobId: a.job.id, leaseToken: a.job.leaseToken });
      }
    }
    await this.claimInFlight; // a claim answered during shutdown hands its jobs back
    await Promise.all([this.completions.flush(), this.failures.flush(), this.releases.flush()]);
    for (const t of this.timers) clearInterval(t);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    await this.jobs.send(WorkerSubjects.deregister, { workerId: this.workerId }, { attempts: 1 }).catch(() => undefined);
    this.logger.log(`stopped: ${this.stats.succeeded} succeeded, ${this.stats.failed} failed`);
  }

  /** A hint: claims now, unless a claim is under way (it waits in apps/jobs, which hands it the job). */
  private woken(): void {
    this.claim();
  }

  /**
   * A hint sent to this worker alone (one job): claimed when a slot is free;
   * otherwise passed on to every worker of the type, so an idle one takes
   * the job now rather than at its next claim.
   */
  private wokenAlone(hint: WakeupHint): void {
    if (!this.draining && this.active.size < this.options.concurrency) return this.woken();
    this.nats.publish(wakeupSubject(hint.type), hint);
  }

  /**
   * Claims as many jobs as there are free slots. The claim waits in apps/jobs
   * up to the poll interval when nothing is runnable (a long poll), so a new
   * job comes straight back in its answer; then it is sent again while slots
   * are free. A claim that failed is retried by the poll timer.
   */
  private claim(): void {
    if (this.draining || this.claiming) return;
    const free = this.options.concurrency - this.active.size;
    if (free <= 0) return;
    this.claiming = true;
    const waitMs = Math.min(this.options.pollIntervalMs, MAX_CLAIM_WAIT_MS);
    const sentAt = Date.now();
    // Sent again at once only after an answer with jobs or one that waited: an apps/jobs that
    // answers empty at once (an older release, one shutting down) is asked at the poll interval.
    let again = false;
    // A copy sent again after no reply says so: apps/jobs then answers with the jobs the first
    // copy leased (its reply was lost) rather than leaving them to run out their lease.
    const claimId = randomUUID();
    this.claimInFlight = this.jobs
      .send<ClaimResult, ClaimRequest>(
        WorkerSubjects.claim,
        (attempt) => ({
          workerId: this.workerId,
          types: this.types,
          max: free,
          leaseSeconds: this.options.leaseSeconds,
          claimId,
          repeat: attempt > 1,
          waitMs: this.draining ? 0 : waitMs,
        }),
        { waitMs },
      )
      .then(({ jobs }) => {
        again = jobs.length > 0 || Date.now() - sentAt >= waitMs * 0.9;
        if (this.draining) {
          for (const job of jobs) this.releases.push({ jobId: job.id, leaseToken: job.leaseToken });
          return;
        }
        for (const job of jobs) this.run(job);
      })
      .catch((err) => this.logger.warn(`claim failed: ${message(err)}`))
      .finally(() => {
        this.claiming = false;
        if (again) setImmediate(() => this.claim());
      });
  }

  private run(job: ClaimedJob): void {
    const registered = this.processors.get(job.type);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new JobTimeoutError(job.timeoutSeconds)), job.timeoutSeconds * 1000);
    const active: ActiveJob = { job, controller, report: null, timeout, startedAt: Date.now(), media: { assets: [], probes: [] } };
    this.active.set(job.id, active);
    const logger = new Logger(`${this.options.name} ${jobContext(job.id, job.type)}`);
    logger.log(`started attempt ${job.attempt}/${job.maxAttempts}`);
    const ctx: JobContext = {
      id: job.id,
      type: job.type,
      ownerId: job.ownerId,
      input: job.input,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      dependencies: job.dependencies,
      signal: controller.signal,
      logger,
      progress: (percent, msg) => {
        active.report = { progress: Math.min(100, Math.max(0, Math.round(percent))), message: msg?.slice(0, 500) };
        this.scheduleProgressFlush();
      },
      attachAsset: (asset) => active.media.assets.push(asset),
      attachProbe: (update) => active.media.probes.push(update),
    };
    const work = registered
      ? Promise.resolve().then(() => registered.processor.process(ctx))
      : Promise.reject(new JobError(`This worker has no processor for ${job.type}`, 'NO_PROCESSOR'));
    work.then(
      (output) => this.finish(active, logger, { output: output ?? {} }),
      (err: unknown) => this.finish(active, logger, { err }),
    );
  }

  private finish(active: ActiveJob, logger: Logger, result: { output?: Record<string, unknown>; err?: unknown }): void {
    if (this.active.get(active.job.id) !== active) return; // already handed back at shutdown
    clearTimeout(active.timeout);
    this.active.delete(active.job.id);
    const lease: LeaseRef = { jobId: active.job.id, leaseToken: active.job.leaseToken };
    const ms = Date.now() - active.startedAt;
    const reason = active.controller.signal.aborted ? active.controller.signal.reason : undefined;

    if (reason instanceof LeaseLostError) {
      logger.warn(`lease lost after ${ms} ms: result discarded, the job belongs to another attempt now`);
    } else if (reason instanceof WorkerShutdownError) {
      logger.warn(`handed back after ${ms} ms: worker shutting down`);
      this.releases.push(lease);
    } else if (result.err === undefined && !(reason instanceof JobCanceledError || reason instanceof JobTimeoutError)) {
      this.stats.succeeded++;
      logger.log(`succeeded in ${ms} ms`);
      const { assets, probes } = active.media;
      this.completions.push({ ...lease, output: result.output, ...(assets.length || probes.length ? { media: { assets, probes } } : {}) });
    } else {
      this.stats.failed++;
      const error = toFailure(reason ?? result.err);
      logger.warn(`attempt ${active.job.attempt}/${active.job.maxAttempts} failed in ${ms} ms: ${error.code}: ${error.message}`);
      this.failures.push({ ...lease, error });
    }
    this.claim();
  }

  /** One heartbeat for all active jobs: extends leases, carries progress, brings back cancel requests. */
  private async heartbeat(onlyReports = false): Promise<void> {
    if (this.heartbeatInFlight) return;
    const items: HeartbeatItem[] = [];
    for (const a of this.active.values()) {
      if (onlyReports && !a.report) continue;
      items.push({ jobId: a.job.id, leaseToken: a.job.leaseToken, ...a.report });
      a.report = null;
    }
    if (items.length === 0) return;
    this.heartbeatInFlight = true;
    try {
      const result = await this.jobs.send<HeartbeatResult>(WorkerSubjects.heartbeat, {
        workerId: this.workerId,
        leaseSeconds: this.options.leaseSeconds,
        items,
      });
      for (const item of result.items) {
        const a = this.active.get(item.jobId);
        if (!a || a.controller.signal.aborted) continue;
        if (!item.ok) a.controller.abort(new LeaseLostError());
        else if (item.cancelRequested) a.controller.abort(new JobCanceledError());
      }
    } catch (err) {
      this.logger.warn(`heartbeat failed: ${message(err)}`);
      // Keep unsent progress for the next heartbeat, unless newer progress came meanwhile.
      for (const item of items) {
        const a = this.active.get(item.jobId);
        if (a && !a.report && item.progress !== undefined) a.report = { progress: item.progress, message: item.message };
      }
    } finally {
      this.heartbeatInFlight = false;
    }
  }

  private scheduleProgressFlush(): void {
    if (this.progressTimer) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      void this.heartbeat(true);
    }, PROGRESS_FLUSH_MS);
  }

  /** Sends results; retried by JobsClient, idempotent on the other side thanks to the lease token. */
  private async report(subject: string, items: LeaseRef[]): Promise<void> {
    try {
      const outcome = await this.jobs.send<LeaseOutcomes>(subject, { workerId: this.workerId, items }, { attempts: 5 });
      for (const o of outcome.items.filter((i) => !i.ok)) {
        this.logger.warn(`${jobContext(o.jobId)}: ${subject} refused, the lease is stale (another attempt owns the job)`);
      }
    } catch (err) {
      this.logger.error(`${subject} of ${items.length} jobs not delivered: ${message(err)}; their leases will expire and they will run again`);
    }
  }

  private info(): WorkerInfo {
    return {
      workerId: this.workerId,
      name: this.options.name,
      host: hostname(),
      pid: process.pid,
      version: this.options.version,
      concurrency: this.options.concurrency,
      activeJobs: this.active.size,
      types: this.types,
    };
  }

  private every(ms: number, task: () => Promise<unknown> | void): void {
    const t = setInterval(() => {
      Promise.resolve(task()).catch((err) => this.logger.warn(message(err)));
    }, ms);
    t.unref();
    this.timers.push(t);
  }
}

function toFailure(err: unknown): FailureReport {
  if (err instanceof JobError) {
    return { name: err.name, message: err.message, code: err.code, stack: err.stack, retryable: err.retryable, provider: err.provider ?? null };
  }
  if (err instanceof Error) {
    return { name: err.name, message: err.message, code: 'PROCESSOR_ERROR', stack: err.stack, retryable: true };
  }
  return { name: 'Error', message: String(err), code: 'PROCESSOR_ERROR', retryable: true };
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
