import { SetMetadata, type Logger } from '@nestjs/common';
import type { AssetProbeUpdate, DependencyOutput, JobTypeDefinition, OutputAsset } from '@spool/contracts';

export const PROCESSOR_METADATA = Symbol('spool:processor');

/** Marks a provider as the processor of a job type; the runtime finds it at start. */
export const Processor = (definition: JobTypeDefinition): ClassDecorator => SetMetadata(PROCESSOR_METADATA, definition);

export interface JobContext<TInput = Record<string, unknown>> {
  id: string;
  type: string;
  ownerId: string;
  input: TInput;
  attempt: number;
  maxAttempts: number;
  /** Outputs of the jobs this one depends on. */
  dependencies: DependencyOutput[];
  /** Fires on cancel, lost lease, timeout or shutdown; `signal.reason` says which. */
  signal: AbortSignal;
  /** Reports progress (0–100) and an optional short message; sent with the next heartbeat. */
  progress(percent: number, message?: string): void;
  /** A logger whose lines name this job. */
  logger: Logger;
  /** Registers an output asset already in storage; its row is written only if the job succeeds. */
  attachAsset(asset: OutputAsset): void;
  /** Saves probe metadata on an existing asset when the job succeeds. */
  attachProbe(update: AssetProbeUpdate): void;
}

export interface JobProcessor<TInput = Record<string, unknown>, TOutput extends Record<string, unknown> = Record<string, unknown>> {
  process(job: JobContext<TInput>): Promise<TOutput | void>;
}
