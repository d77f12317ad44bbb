import { AttemptErrorCode } from '@spool/contracts';
import { NonRetryableError } from '@spool/worker-runtime';
import { runAnalysis, type AnalysisOptions } from './ffmpeg-analysis.js';

export interface Loudness {
  /** Integrated loudness, LUFS. */
  integratedLufs: number;
  /** True peak, dBTP. */
  truePeakDb: number;
  /** Loudness range, LU. */
  lra: number;
  /** Gating threshold, LUFS. */
  threshold: number;
  /** The gain loudnorm's second pass should add after its own (its `offset`), dB; 0 when not reported. */
  targetOffset: number;
}

/**
 * EBU R128 measurement of the first audio stream with `loudnorm` (the first
 * pass of a two-pass loudnorm; its values feed measured_I/TP/LRA/thresh).
 * Silence gives -Infinity.
 */
export async function measureLoudness(path: string, opts: AnalysisOptions = {}): Promise<Loudness> {
  // loudnorm prints its report at info level, at the very end of the log.
  const stderr = await runAnalysis({
    ...opts,
    path,
    loglevel: 'info',
    args: ['-map', '0:a:0', '-af', 'loudnorm=print_format=json'],
  });
  const report = parseLoudnormReport(stderr);
  if (!report) {
    throw new NonRetryableError('loudnorm printed no measurement (no decodable audio?)', AttemptErrorCode.MEDIA_UNDECODABLE);
  }
  return report;
}

export function parseLoudnormReport(stderr: string): Loudness | null {
  const start = stderr.lastIndexOf('{');
  const end = stderr.indexOf('}', start);
  if (start < 0 || end < 0) return null;
  let json: Record<string, string>;
  try {
    json = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  } catch {
    return null;
  }
  const values = [json.input_i, json.input_tp, json.input_lra, json.input_thresh].map(dbValue);
  if (values.some((v) => v === null)) return null;
  const [integratedLufs, truePeakDb, lra, threshold] = values as number[];
  const offset = dbValue(json.target_offset);
  return { integratedLufs, truePeakDb, lra, threshold, targetOffset: offset !== null && Number.isFinite(offset) ? offset : 0 };
}

function dbValue(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (v === '-inf') return -Infinity;
  if (v === 'inf' || v === '+inf') return Infinity;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
