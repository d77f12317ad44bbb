import { isInsideDir } from './workspace-path.js';

/** Filter sources that open a file or URL by name, bypassing the inputs' protocol whitelist. */
const OPENING_FILTERS = /(^|[\s;,[\]'"=])a?movie\s*=/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Checks the part of an ffmpeg command line after the inputs: no extra
 * inputs, no filter that opens files by name, no URL outputs, and every
 * absolute path (outputs, pass logs...) inside the workspace. The last
 * argument is the (last) output: a workspace path, or `-` with the null muxer.
 * A violation is a programming error, hence a plain Error.
 */
export function assertSafeOutputArgs(workspace: string, args: readonly string[]): void {
  if (args.length === 0) throw new Error('ffmpeg args must end with an output');
  args.forEach((arg, i) => {
    if (arg === '-i') throw new Error('ffmpeg inputs must be passed in `inputs`, not as -i in `args`');
    if (OPENING_FILTERS.test(arg)) throw new Error(`ffmpeg filters that open files by name (movie, amovie) are not allowed: ${JSON.stringify(arg)}`);
    if (URL_LIKE.test(arg)) throw new Error(`ffmpeg args must not name URLs: ${JSON.stringify(arg)}`);
    if (arg.startsWith('/') && !isInsideDir(workspace, arg)) {
      throw new Error(`ffmpeg output paths must be inside the workspace ${workspace}: ${JSON.stringify(arg)} (argument ${i})`);
    }
  });
  const output = args[args.length - 1];
  const nullMuxer = args.some((a, i) => a === '-f' && args[i + 1] === 'null');
  if (output === '-' ? !nullMuxer : !isInsideDir(workspace, output)) {
    throw new Error(`ffmpeg output must be an absolute path inside the workspace ${workspace} (or "-" with -f null): ${JSON.stringify(output)}`);
  }
}
