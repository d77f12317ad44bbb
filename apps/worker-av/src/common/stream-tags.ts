import { execFile } from 'node:child_process';

export interface StreamTags {
  index: number;
  codecType: string;
  codecName: string | null;
  pixelFormat: string | null;
  /** Tag names lower-cased (Matroska writes ALPHA_MODE or alpha_mode depending on the muxer). */
  tags: Record<string, string>;
}

/**
 * The streams' container tags, which `probeMedia` leaves out: e.g. a VP9
 * stream in WebM reports pix_fmt yuv420p and carries its alpha in a side
 * track flagged by the tag `alpha_mode=1`.
 */
export function probeStreamTags(path: string, opts: { ffprobePath?: string; signal?: AbortSignal } = {}): Promise<StreamTags[]> {
  const binary = opts.ffprobePath || process.env.FFPROBE_PATH || 'ffprobe';
  const args = ['-v', 'error', '-protocol_whitelist', 'file', '-show_entries', 'stream=index,codec_type,codec_name,pix_fmt:stream_tags', '-of', 'json', path];
  return new Promise((resolve, reject) => {
    execFile(binary, args, { signal: opts.signal, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(opts.signal?.aborted ? opts.signal.reason : err);
      try {
        const parsed = JSON.parse(stdout) as { streams?: Array<Record<string, unknown>> };
        resolve(
          (parsed.streams ?? []).map((s) => ({
            index: Number(s.index),
            codecType: String(s.codec_type ?? 'unknown'),
            codecName: typeof s.codec_name === 'string' ? s.codec_name : null,
            pixelFormat: typeof s.pix_fmt === 'string' ? s.pix_fmt : null,
            tags: Object.fromEntries(Object.entries((s.tags as Record<string, unknown>) ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
          })),
        );
      } catch (parseErr) {
        reject(parseErr);
      }
    });
  });
}
