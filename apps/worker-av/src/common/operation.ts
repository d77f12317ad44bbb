import type { AssetIo, InputFile, Skipped } from '@spool/asset-io';
import type { MediaProbe } from '@spool/contracts';
import type { JobContext } from '@spool/worker-runtime';
import { probeMedia } from '@spool/media';

/** What every operation takes besides its own options. */
export interface OperationContext {
  /** Aborts the running ffmpeg (the job's signal). */
  signal?: AbortSignal;
  /** 0–100. */
  onProgress?: (percent: number) => void;
  /** The input's probe, when the caller already has it; probed otherwise. */
  probe?: MediaProbe | null;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** The directory every input and output lives in; defaults to the operation's `outDir`. */
  workspace?: string;
}

/** The runFfmpeg options an operation takes from its context: its signal, ffmpeg binary and workspace. */
export const ffmpegRunOptions = (ctx: OperationContext, outDir: string) => ({
  signal: ctx.signal,
  ffmpegPath: ctx.ffmpegPath,
  workspace: ctx.workspace ?? outDir,
});

export const probeInput = async (path: string, ctx: OperationContext): Promise<MediaProbe> =>
  ctx.probe ?? (await probeMedia(path, { ffprobePath: ctx.ffprobePath, signal: ctx.signal }));

/** Maps a step's 0–100 onto `from`–`to` of the whole operation. */
export const progressSlice =
  (onProgress: ((percent: number) => void) | undefined, from: number, to: number) =>
  (percent: number): void =>
    onProgress?.(from + ((to - from) * Math.min(100, Math.max(0, percent))) / 100);

/** The duration ffmpeg progress is measured against: the container's, else the first video or audio stream's. */
export const durationOf = (probe: MediaProbe): number | null =>
  probe.durationSeconds ?? probe.video?.durationSeconds ?? probe.audio?.durationSeconds ?? null;

/**
 * The context an operation gets inside a job: the job's signal, its progress
 * reported under `step` (a percentage or a function of it), the worker's tool
 * paths, the input's stored probe and the job's workspace.
 */
export const jobOperationContext = (
  io: AssetIo,
  job: JobContext,
  dir: string,
  input: InputFile,
  step: string | ((percent: number) => [number, string]),
): OperationContext => ({
  signal: job.signal,
  onProgress: (p) => (typeof step === 'string' ? job.progress(p, step) : job.progress(...step(p))),
  probe: input.probe,
  ffmpegPath: io.ffmpegPath,
  ffprobePath: io.ffprobePath,
  workspace: dir,
});

/** The job's output when `ifNoVideo: 'skip'` and the input has no video stream; null when there is work to do. */
export async function skippedForNoVideo(input: InputFile, ifNoVideo: 'fail' | 'skip' | undefined, ctx: OperationContext): Promise<Skipped | null> {
  if (ifNoVideo !== 'skip') return null;
  // Kept on the context, so the operation that runs next does not probe again.
  ctx.probe = await probeInput(input.path, ctx);
  return ctx.probe.video ? null : { skipped: true, reason: 'The input has no video stream' };
}
