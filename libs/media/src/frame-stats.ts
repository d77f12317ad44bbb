import { AttemptErrorCode } from '@spool/contracts';
import { NonRetryableError } from '@spool/worker-runtime';
import { runAnalysis, type AnalysisOptions } from './ffmpeg-analysis.js';

export interface FrameStats {
  /** Mean luma (0–255 scale for 8-bit sources). */
  yavg: number;
  uavg: number;
  vavg: number;
  /** Mean saturation. */
  satavg: number;
}

export interface FrameStatsOptions extends AnalysisOptions {
  /** Analyse only the first `seconds` of the file. */
  seconds?: number;
}

const KEYS = { YAVG: 'yavg', UAVG: 'uavg', VAVG: 'vavg', SATAVG: 'satavg' } as const;

/** `signalstats` averages over the frames of the first video stream. */
export async function frameStats(path: string, opts: FrameStatsOptions = {}): Promise<FrameStats> {
  const sums: FrameStats = { yavg: 0, uavg: 0, vavg: 0, satavg: 0 };
  let frames = 0;
  let partial = '';
  const onLine = (line: string) => {
    const m = /^lavfi\.signalstats\.(YAVG|UAVG|VAVG|SATAVG)=([-\d.]+)/.exec(line.trim());
    if (!m) return;
    const key = KEYS[m[1] as keyof typeof KEYS];
    sums[key] += Number(m[2]);
    if (key === 'yavg') frames++;
  };
  await runAnalysis({
    ...opts,
    path,
    loglevel: 'error',
    inputOptions: opts.seconds ? ['-t', String(opts.seconds)] : [],
    // metadata's file=- writes to ffmpeg's stdout.
    args: ['-map', '0:v:0', '-vf', 'signalstats,metadata=mode=print:file=-'],
    onStdout: (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    },
  });
  onLine(partial);
  if (frames === 0) throw new NonRetryableError('No video frame could be analysed', AttemptErrorCode.MEDIA_UNDECODABLE);
  return { yavg: sums.yavg / frames, uavg: sums.uavg / frames, vavg: sums.vavg / frames, satavg: sums.satavg / frames };
}
