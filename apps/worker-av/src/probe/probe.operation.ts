import { AttemptErrorCode, type MediaProbe } from '@spool/contracts';
import { probeMedia } from '@spool/media';
import { NonRetryableError } from '@spool/worker-runtime';
import type { OperationContext } from '../common/operation.js';

/**
 * ffprobes a file that should be audio or video. A file ffprobe opens but
 * that has neither an audio nor a video stream (a subtitle file, a text file
 * taken for a "tty" animation...) is not media either.
 */
export async function probeSource(path: string, ctx: Pick<OperationContext, 'ffprobePath' | 'signal'> = {}): Promise<MediaProbe> {
  const probe = await probeMedia(path, { ffprobePath: ctx.ffprobePath, signal: ctx.signal });
  const media = probe.streams.some((s) => (s.type === 'video' && s.codec !== 'ansi') || s.type === 'audio');
  if (!media) throw new NonRetryableError('The input has no audio or video stream', AttemptErrorCode.MEDIA_UNDECODABLE);
  return probe;
}
