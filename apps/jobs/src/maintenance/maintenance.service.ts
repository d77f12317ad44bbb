import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AdminService } from '../admin/admin.service.js';
import type { JobsEnv } from '../config/jobs.env.js';
import { LifecycleService } from '../lifecycle/lifecycle.service.js';

/**
 * Periodic upkeep, safe with any number of replicas: the reaper claims its
 * victims with SKIP LOCKED and retention cleanup takes an advisory lock.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceService.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private sweeps = 0;

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly admin: AdminService,
    private readonly config: ConfigService<JobsEnv, true>,
  ) {}

  onApplicationBootstrap(): void {
    this.every(this.config.get('REAPER_INTERVAL_MS'), () => this.reap());
    const days = this.config.get('RETENTION_DAYS');
    if (days > 0) this.every(this.config.get('RETENTION_INTERVAL_MS'), () => this.admin.cleanup(days));
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }

  private async reap(): Promise<void> {
    const reaped = await this.lifecycle.reap();
    if (reaped > 0) this.logger.warn(`reaper: ${reaped} jobs lost their lease or timed out`);
    if (++this.sweeps % 10 === 0) await this.lifecycle.repairDependencies();
  }

  /** Runs `task` every `ms` (with jitter, so replicas spread out), never two at once. */
  private every(ms: number, task: () => Promise<unknown>): void {
    const schedule = (): void => {
      const t = setTimeout(async () => {
        try {
          await task();
        } catch (err) {
          this.logger.error(`maintenance task failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (this.timers.includes(t)) {
          this.timers.splice(this.timers.indexOf(t), 1);
          schedule();
        }
      }, ms * (0.8 + Math.random() * 0.4));
      t.unref();
      this.timers.push(t);
    };
    schedule();
  }
}
