import { runTool } from './run-tool.js';

/**
 * Demuxers that open other resources named inside the file (playlists,
 * manifests, concat lists, session descriptions) or are not files at all.
 * With the protocol whitelist they cannot reach the network, but they could
 * still read local media outside the workspace, so an input is only handed
 * to them when the caller names the format explicitly with `-f`.
 */
const REFERENCING_DEMUXERS = new Set(['concat', 'hls', 'applehttp', 'dash', 'imf', 'sdp', 'rtp', 'rtsp', 'webm_dash_manifest', 'lavfi']);

const cache = new Map<string, Promise<string>>();

/** The `-format_whitelist` value: every demuxer this binary has except the referencing ones. */
export function safeDemuxers(binary: string): Promise<string> {
  let list = cache.get(binary);
  if (!list) {
    list = listSafeDemuxers(binary);
    cache.set(binary, list);
    list.catch(() => cache.delete(binary));
  }
  return list;
}

async function listSafeDemuxers(binary: string): Promise<string> {
  let out = '';
  const exit = await runTool({ command: binary, args: ['-hide_banner', '-demuxers'], onStdout: (c) => (out += c) });
  const names = parseDemuxerList(out).filter((n) => !REFERENCING_DEMUXERS.has(n));
  if (exit.code !== 0 || names.length === 0) {
    throw new Error(`${binary} -demuxers gave no usable list (exit ${exit.code}): ${exit.stderrTail}`);
  }
  return names.join(',');
}

export function parseDemuxerList(text: string): string[] {
  const names = new Set<string>();
  const body = text.split(/^\s*--\s*$/m)[1] ?? '';
  for (const line of body.split('\n')) {
    const m = /^\s*D[E ]?\s+(\S+)/.exec(line);
    if (m) for (const n of m[1].split(',')) if (n) names.add(n);
  }
  return [...names];
}

/** Input options that restrict probing to safe demuxers, unless the caller forced a format. */
export async function formatWhitelistArgs(binary: string, inputOptions: readonly string[] = []): Promise<string[]> {
  if (inputOptions.includes('-f')) return [];
  return ['-format_whitelist', await safeDemuxers(binary)];
}
