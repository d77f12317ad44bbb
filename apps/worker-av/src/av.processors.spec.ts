import 'reflect-metadata';
import type { JobTypeDefinition } from '@spool/contracts';
import { PROCESSOR_METADATA } from '@spool/worker-runtime';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { AssetIo, InputFile, OutputSpec } from '@spool/asset-io';
import type { JobContext } from '@spool/worker-runtime';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AV_PROCESSORS } from './av.processors.js';
import { ColorGradeProcessor } from './color-grade/color-grade.processor.js';
import { ProbeProcessor } from './probe/probe.processor.js';
import { makeVideo, removeDir, tempDir } from './testing/av-fixtures.js';
import { ThumbnailsProcessor } from './thumbnails/thumbnails.processor.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: false }));

const definitions = new Map(
  AV_PROCESSORS.map((cls) => {
    const def = Reflect.getMetadata(PROCESSOR_METADATA, cls) as JobTypeDefinition;
    return [def.type, def];
  }),
);
const valid = (type: string, input: unknown) => ajv.validate(definitions.get(type)!.inputSchema, input);
const asset = { assetId: '0b5a3c1e-8f1d-4a57-9d6c-3f2e1a0b9c8d' };

describe('worker-av job types', () => {
  it('registers the seven ffmpeg types with a timeout each', () => {
    expect([...definitions.keys()].sort()).toEqual(
      ['audio.clean', 'video.color_grade', 'video.probe', 'video.proxy', 'video.roto', 'video.thumbnails', 'video.transcode'].sort(),
    );
    for (const def of definitions.values()) {
      expect(def.timeoutSeconds).toBeGreaterThan(0);
      expect(def.inputSchema).toMatchObject({ additionalProperties: false });
    }
  });

  it.each(['video.probe', 'video.proxy', 'video.thumbnails', 'video.roto', 'audio.clean', 'video.transcode'])('%s: one source, no unknown fields', (type) => {
    expect(valid(type, asset)).toBe(true);
    expect(valid(type, { url: 'https://example.com/a.mp4' })).toBe(true);
    expect(valid(type, {})).toBe(false);
    expect(valid(type, { ...asset, url: 'https://example.com/a.mp4' })).toBe(false);
    expect(valid(type, { ...asset, surprise: 1 })).toBe(false);
    expect(valid(type, { assetId: 'not-a-uuid' })).toBe(false);
  });

  it('checks the type-specific fields', () => {
    expect(valid('video.proxy', { ...asset, height: 1080, keyframeIntervalSeconds: 1 })).toBe(true);
    expect(valid('video.proxy', { ...asset, height: 480 })).toBe(false);
    expect(valid('video.thumbnails', { ...asset, count: 101 })).toBe(false);
    expect(valid('video.color_grade', asset)).toBe(false);
    expect(valid('video.color_grade', { ...asset, preset: 'warm', strength: 0.5 })).toBe(true);
    expect(valid('video.color_grade', { ...asset, lutAssetId: asset.assetId })).toBe(true);
    expect(valid('video.color_grade', { ...asset, preset: 'neon' })).toBe(false);
    expect(valid('video.roto', { ...asset, keyColor: '#0000FF', format: 'webm' })).toBe(true);
    expect(valid('video.roto', { ...asset, keyColor: 'blue' })).toBe(false);
    expect(valid('audio.clean', { ...asset, targetLufs: -4 })).toBe(false);
    expect(valid('audio.clean', { ...asset, targetLufs: -23, format: 'flac' })).toBe(true);
    expect(valid('video.transcode', { ...asset, preset: 'vp9_720p', crf: 30 })).toBe(true);
    expect(valid('video.transcode', { ...asset, crf: 30, videoBitrateKbps: 1000 })).toBe(false);
    expect(valid('video.transcode', { ...asset, height: 721 })).toBe(false);
  });
});

/** An AssetIo stand-in: inputs come from a local fixture, outputs are recorded with their content. */
class FakeIo {
  readonly ffmpegPath = process.env.FFMPEG_PATH || 'ffmpeg';
  readonly ffprobePath = process.env.FFPROBE_PATH || 'ffprobe';
  stored: Array<OutputSpec & { id: string; text?: string }> = [];
  probes: Array<{ assetId: string }> = [];
  constructor(
    private readonly root: string,
    private readonly fixture: string,
  ) {}
  async workspace<T>(_job: JobContext, fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(this.root, 'ws-'));
    return fn(dir);
  }
  async fetchInput(_job: JobContext, ref: { assetId?: string }, dir: string): Promise<InputFile> {
    const path = join(dir, `input-${basename(this.fixture)}`);
    await copyFile(this.fixture, path);
    return { path, assetId: ref.assetId ?? null, url: null, contentType: null, size: 0, probe: null };
  }
  async storeOutput(_job: JobContext, path: string, spec: OutputSpec) {
    const id = `asset-${this.stored.length + 1}`;
    this.stored.push({ ...spec, id, text: spec.contentType === 'text/vtt' ? await readFile(path, 'utf8') : undefined });
    return { id, size: 1 };
  }
  saveProbe(_job: JobContext, assetId: string) {
    this.probes.push({ assetId });
  }
}

const jobOf = <T>(input: T) =>
  ({ id: 'job-1', type: 't', ownerId: 'u', input, attempt: 1, maxAttempts: 3, dependencies: [], signal: new AbortController().signal, progress: () => {}, logger: console, attachAsset: () => {}, attachProbe: () => {} }) as unknown as JobContext<T>;

describe('worker-av processors (glue, with a stand-in AssetIo)', () => {
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = await tempDir();
    video = await makeVideo(join(dir, 'clip.mp4'), { seconds: 1 });
  });
  afterAll(() => removeDir(dir));

  it('video.probe returns the probe and saves it on the asset', async () => {
    const io = new FakeIo(dir, video);
    const out = await new ProbeProcessor(io as unknown as AssetIo).process(jobOf(asset));
    expect(out.probe.video?.codec).toBe('h264');
    expect(io.probes).toEqual([{ assetId: asset.assetId }]);
  });

  it('video.thumbnails stores the sprite before the VTT that points at it, all linked to the input', async () => {
    const io = new FakeIo(dir, video);
    const out = await new ThumbnailsProcessor(io as unknown as AssetIo).process(jobOf({ ...asset, count: 3, width: 64 }));
    expect(io.stored.map((s) => s.role)).toEqual(['poster', 'frame', 'frame', 'frame', 'sprite', 'sprite-vtt']);
    expect(io.stored.every((s) => s.parentAssetId === asset.assetId)).toBe(true);
    expect(out).toMatchObject({ posterAssetId: 'asset-1', frameAssetIds: ['asset-2', 'asset-3', 'asset-4'], spriteAssetId: 'asset-5', vttAssetId: 'asset-6', count: 3 });
    const vtt = io.stored[5];
    expect(vtt).toMatchObject({ kind: 'other', contentType: 'text/vtt' });
    expect(vtt.text?.match(/\/v1\/assets\/asset-5\/content#xywh=\d+,0,64,48/g)).toHaveLength(3);
  });

  it('video.color_grade without a preset or LUT fails for good before fetching anything', async () => {
    const io = new FakeIo(dir, video);
    await expect(new ColorGradeProcessor(io as unknown as AssetIo).process(jobOf(asset))).rejects.toMatchObject({ code: 'INVALID_JOB_INPUT', retryable: false });
  });
});
