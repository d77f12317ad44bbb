import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNIFF_BYTES, sniffContent } from './sniff.js';
import { lavfiAudio, lavfiVideo, makeMedia } from './testing/make-media.js';

const V = lavfiVideo(0.2);
const A = lavfiAudio(0.2);
const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];
const STILL = [...V, '-frames:v', '1'];

/** [file name, ffmpeg args, content type, extension] */
const GENERATED: Array<[string, string[], string, string]> = [
  ['a.mp4', [...V, ...A, ...X264, '-c:a', 'aac'], 'video/mp4', 'mp4'],
  ['a.mov', [...V, ...X264], 'video/quicktime', 'mov'],
  ['a.m4a', [...A, '-c:a', 'aac'], 'audio/mp4', 'm4a'],
  ['a.3gp', [...V, ...A, ...X264, '-c:a', 'aac'], 'video/3gpp', '3gp'],
  ['a.avif', [...STILL, '-c:v', 'libaom-av1', '-cpu-used', '8', '-still-picture', '1'], 'image/avif', 'avif'],
  ['a.mkv', [...V, ...X264], 'video/x-matroska', 'mkv'],
  ['a.webm', [...V, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k'], 'video/webm', 'webm'],
  ['a.avi', [...V, '-c:v', 'mpeg4'], 'video/x-msvideo', 'avi'],
  ['a.ts', [...V, ...X264, '-f', 'mpegts'], 'video/mp2t', 'ts'],
  ['a.mpg', [...V, '-c:v', 'mpeg2video', '-f', 'mpeg'], 'video/mpeg', 'mpg'],
  ['a.flv', [...V, '-c:v', 'flv1'], 'video/x-flv', 'flv'],
  ['a.ogv', [...V, '-c:v', 'libtheora'], 'video/ogg', 'ogv'],
  ['a.wav', [...A, '-c:a', 'pcm_s16le'], 'audio/wav', 'wav'],
  ['a.aiff', [...A], 'audio/aiff', 'aiff'],
  ['a.mp3', [...A, '-c:a', 'libmp3lame'], 'audio/mpeg', 'mp3'],
  ['bare.mp3', [...A, '-c:a', 'libmp3lame', '-id3v2_version', '0', '-write_xing', '0', '-f', 'mp3'], 'audio/mpeg', 'mp3'],
  ['a.aac', [...A, '-c:a', 'aac', '-f', 'adts'], 'audio/aac', 'aac'],
  ['a.flac', [...A, '-c:a', 'flac'], 'audio/flac', 'flac'],
  ['a.ogg', [...A, '-c:a', 'libvorbis'], 'audio/ogg', 'ogg'],
  ['a.opus', [...A, '-c:a', 'libopus'], 'audio/ogg', 'opus'],
  ['a.png', STILL, 'image/png', 'png'],
  ['a.jpg', STILL, 'image/jpeg', 'jpg'],
  ['a.gif', STILL, 'image/gif', 'gif'],
  ['a.webp', [...STILL, '-c:v', 'libwebp'], 'image/webp', 'webp'],
  ['a.tiff', STILL, 'image/tiff', 'tiff'],
  ['a.bmp', STILL, 'image/bmp', 'bmp'],
];

let dir: string;
const heads = new Map<string, Buffer>();

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-sniff-'));
  for (let i = 0; i < GENERATED.length; i += 4) {
    await Promise.all(GENERATED.slice(i, i + 4).map(async ([name, args]) => heads.set(name, await readHead(await makeMedia(dir, name, args)))));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Deterministic "random" bytes. */
function noise(length: number, seed: string): Buffer {
  const chunks: Buffer[] = [];
  let block = Buffer.from(seed);
  for (let n = 0; n < length; n += 32) chunks.push((block = createHash('sha256').update(block).digest()));
  return Buffer.concat(chunks).subarray(0, length);
}

const CUBE = ['TITLE "Teal and orange"', '# made by hand', 'LUT_3D_SIZE 2', 'DOMAIN_MIN 0.0 0.0 0.0', 'DOMAIN_MAX 1.0 1.0 1.0', ''].join('\n');
const CUBE_ROWS = ['0 0 0', '1 0 0', '0 1 0', '1 1 0', '0 0 1', '1 0 1', '0 1 1', '1.0 1.0 1.0'].join('\n') + '\n';

describe('sniffContent', () => {
  it.each(GENERATED.map(([name, , contentType, extension]) => [name, contentType, extension]))('recognises %s as %s', (name, contentType, extension) => {
    expect(sniffContent(heads.get(name)!)).toMatchObject({ contentType, extension });
  });

  it('gives the asset kind', () => {
    expect(sniffContent(heads.get('a.mp4')!)?.kind).toBe('video');
    expect(sniffContent(heads.get('a.flac')!)?.kind).toBe('audio');
    expect(sniffContent(heads.get('a.png')!)?.kind).toBe('image');
  });

  it('recognises HEIC from its ftyp brands', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const box = Buffer.alloc(16 + 4 * compatible.length);
      box.writeUInt32BE(box.length, 0);
      box.write('ftyp', 4, 'latin1');
      box.write(major, 8, 'latin1');
      compatible.forEach((b, i) => box.write(b, 16 + 4 * i, 'latin1'));
      return Buffer.concat([box, Buffer.alloc(64)]);
    };
    expect(sniffContent(ftyp('heic', 'mif1', 'heic'))).toEqual({ contentType: 'image/heic', kind: 'image', extension: 'heic' });
    expect(sniffContent(ftyp('mif1', 'mif1', 'heic'))?.contentType).toBe('image/heic');
    expect(sniffContent(ftyp('mif1', 'mif1', 'avif'))?.contentType).toBe('image/avif');
  });

  it('recognises a .cube 3D LUT', () => {
    const expected = { contentType: 'text/x-cube', kind: 'other', extension: 'cube' };
    expect(sniffContent(Buffer.from(CUBE + CUBE_ROWS))).toEqual(expected);
    expect(sniffContent(Buffer.from('\ufeff' + CUBE.replace(/\n/g, '\r\n') + CUBE_ROWS))).toEqual(expected);
    // A big LUT: only its head is seen, cut in the middle of a row.
    const big = 'LUT_3D_SIZE 33\n' + '0.123456 0.654321 0.999999\n'.repeat(35937);
    expect(sniffContent(Buffer.from(big).subarray(0, SNIFF_BYTES))).toEqual(expected);
  });

  it.each([
    ['random bytes', noise(SNIFF_BYTES, 'spool')],
    ['more random bytes', noise(SNIFF_BYTES, 'media')],
    ['an empty buffer', Buffer.alloc(0)],
    ['plain text', Buffer.from('hello world\nthis is not media\n')],
    ['JSON', Buffer.from('{"LUT_3D_SIZE": 2}\n')],
    ['HTML', Buffer.from('<!doctype html><html><body>hi</body></html>\n')],
    ['text mentioning LUT_3D_SIZE among prose', Buffer.from(`${CUBE}${CUBE_ROWS}and then some words here\n`)],
    ['a LUT_3D_SIZE of 1', Buffer.from('LUT_3D_SIZE 1\n0 0 0\n')],
    ['a 1D LUT', Buffer.from('LUT_1D_SIZE 2\n0 0 0\n1 1 1\n')],
    ['a RIFF of another kind', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00CDXAfmt ', 'latin1'), Buffer.alloc(64)])],
    ['an ELF binary', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), noise(200, 'elf')])],
    ['a zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise(200, 'zip')])],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1')],
    ['a lone MPEG frame sync followed by junk', Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise(2000, 'sync')])],
  ])('returns null for %s', (_, buf) => {
    expect(sniffContent(buf)).toBeNull();
  });
});
