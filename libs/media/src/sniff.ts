import type { AssetKind } from '@spool/contracts';
import { sniffCube } from './sniff-cube.js';
import { sniffMpegAudio } from './sniff-mpeg-audio.js';

export interface SniffedContent {
  contentType: string;
  kind: AssetKind;
  extension: string;
}

/** How many leading bytes sniffContent looks at. */
export const SNIFF_BYTES = 4100;

const type = (contentType: string, kind: AssetKind, extension: string): SniffedContent => ({ contentType, kind, extension });

/**
 * What a file is, from its first bytes only (never its name). Null for
 * anything Spool does not accept.
 */
export function sniffContent(head: Buffer): SniffedContent | null {
  const b = head.subarray(0, SNIFF_BYTES);
  return sniffBinary(b) ?? sniffMpegAudio(b) ?? sniffCube(b);
}

function sniffBinary(b: Buffer): SniffedContent | null {
  if (ascii(b, 4, 4) === 'ftyp') return sniffIsoBmff(b);
  if (bytes(b, 0, [0x1a, 0x45, 0xdf, 0xa3])) return matroskaDocType(b) === 'webm' ? type('video/webm', 'video', 'webm') : type('video/x-matroska', 'video', 'mkv');
  if (ascii(b, 0, 4) === 'RIFF' || ascii(b, 0, 4) === 'RF64') {
    switch (ascii(b, 8, 4)) {
      case 'WAVE':
        return type('audio/wav', 'audio', 'wav');
      case 'AVI ':
        return type('video/x-msvideo', 'video', 'avi');
      case 'WEBP':
        return type('image/webp', 'image', 'webp');
    }
    return null;
  }
  if (ascii(b, 0, 4) === 'FORM' && ['AIFF', 'AIFC'].includes(ascii(b, 8, 4))) return type('audio/aiff', 'audio', 'aiff');
  if (bytes(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return type('image/png', 'image', 'png');
  if (bytes(b, 0, [0xff, 0xd8, 0xff])) return type('image/jpeg', 'image', 'jpg');
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return type('image/gif', 'image', 'gif');
  if (bytes(b, 0, [0x49, 0x49, 0x2a, 0x00]) || bytes(b, 0, [0x4d, 0x4d, 0x00, 0x2a])) return type('image/tiff', 'image', 'tiff');
  if (isBmp(b)) return type('image/bmp', 'image', 'bmp');
  if (ascii(b, 0, 3) === 'FLV' && b[3] === 0x01) return type('video/x-flv', 'video', 'flv');
  if (bytes(b, 0, [0x00, 0x00, 0x01, 0xba]) || bytes(b, 0, [0x00, 0x00, 0x01, 0xb3])) return type('video/mpeg', 'video', 'mpg');
  if (isTransportStream(b)) return type('video/mp2t', 'video', 'ts');
  if (ascii(b, 0, 4) === 'fLaC') return type('audio/flac', 'audio', 'flac');
  if (ascii(b, 0, 4) === 'OggS' && b[4] === 0) return sniffOgg(b);
  return null;
}

function sniffIsoBmff(b: Buffer): SniffedContent | null {
  const major = ascii(b, 8, 4);
  const end = Math.min(b.length, b.readUInt32BE(0));
  const compatible: string[] = [];
  for (let off = 16; off + 4 <= end; off += 4) compatible.push(ascii(b, off, 4));

  if (['avif', 'avis'].includes(major)) return type('image/avif', 'image', 'avif');
  if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(major)) return type('image/heic', 'image', 'heic');
  if (['mif1', 'msf1'].includes(major)) {
    return compatible.includes('avif') || compatible.includes('avis') ? type('image/avif', 'image', 'avif') : type('image/heic', 'image', 'heic');
  }
  if (major === 'qt  ') return type('video/quicktime', 'video', 'mov');
  if (['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B '].includes(major)) return type('audio/mp4', 'audio', 'm4a');
  if (major.startsWith('3g2')) return type('video/3gpp2', 'video', '3g2');
  if (major.startsWith('3g')) return type('video/3gpp', 'video', '3gp');
  if (major === 'crx ') return null; // Canon raw: an image ffmpeg cannot decode
  // isom, iso2-9, mp41, mp42, avc1, dash, M4V, f4v, mmp4, camera-specific brands...
  return type('video/mp4', 'video', 'mp4');
}

/** The EBML header's DocType ("webm", "matroska"), if present in the head. */
function matroskaDocType(b: Buffer): string | null {
  const end = Math.min(b.length, 64);
  for (let i = 4; i + 3 < end; i++) {
    if (b[i] === 0x42 && b[i + 1] === 0x82 && b[i + 2] & 0x80) {
      return ascii(b, i + 3, b[i + 2] & 0x7f).replace(/\0+$/, '');
    }
  }
  return null;
}

function isTransportStream(b: Buffer): boolean {
  for (const [offset, packet] of [[0, 188], [4, 192]] as const) {
    if (b.length < offset + packet + 1) continue;
    let ok = true;
    for (let p = offset; p < b.length && p < offset + packet * 4; p += packet) ok &&= b[p] === 0x47;
    if (ok) return true;
  }
  return false;
}

function sniffOgg(b: Buffer): SniffedContent {
  const segments = b[26] ?? 0;
  const data = 27 + segments;
  if (ascii(b, data, 8) === 'OpusHead') return type('audio/ogg', 'audio', 'opus');
  if (b[data] === 0x01 && ascii(b, data + 1, 6) === 'vorbis') return type('audio/ogg', 'audio', 'ogg');
  if (b[data] === 0x80 && ascii(b, data + 1, 6) === 'theora') return type('video/ogg', 'video', 'ogv');
  if (ascii(b, data, 7) === 'fishead') return type('video/ogg', 'video', 'ogv');
  if (ascii(b, data + 1, 4) === 'FLAC') return type('audio/ogg', 'audio', 'oga');
  if (ascii(b, data, 5) === 'Speex') return type('audio/ogg', 'audio', 'spx');
  return type('audio/ogg', 'audio', 'ogg');
}

function isBmp(b: Buffer): boolean {
  if (b.length < 18 || ascii(b, 0, 2) !== 'BM') return false;
  const reservedZero = b.readUInt32LE(6) === 0;
  const dibHeader = b.readUInt32LE(14);
  return reservedZero && [12, 40, 52, 56, 64, 108, 124].includes(dibHeader);
}

export function ascii(b: Buffer, offset: number, length: number): string {
  return offset + length <= b.length ? b.toString('latin1', offset, offset + length) : '';
}

export function bytes(b: Buffer, offset: number, expected: number[]): boolean {
  return offset + expected.length <= b.length && expected.every((v, i) => b[offset + i] === v);
}
