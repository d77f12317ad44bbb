import { TailBuffer } from './tail-buffer.js';

/** Tail size kept from a tool before scrubbing: room for the long whitelist line. */
export const RAW_TAIL = { maxChars: 16 * 1024, maxLines: 1000 };

/**
 * Makes a tool's stderr fit for error messages: file names relative to the
 * workspace, no context pointers ("[hls @ 0x55…]" → "[hls]"), the long
 * demuxer whitelist named instead of listed, and only the last 20 lines / 4 KB.
 */
export function scrubStderr(text: string, opts: { workspace?: string; whitelist?: string }): string {
  let out = text.replace(/ @ 0x[0-9a-f]+\]/g, ']');
  if (opts.whitelist) out = out.split(`'${opts.whitelist}'`).join('(playlists and formats that open other files are refused)');
  if (opts.workspace) out = out.split(opts.workspace.endsWith('/') ? opts.workspace : `${opts.workspace}/`).join('');
  const tail = new TailBuffer();
  tail.push(out);
  return tail.toString();
}
