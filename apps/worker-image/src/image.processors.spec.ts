import { Logger } from '@nestjs/common';
import type { AssetIo, InputFile, OutputSpec } from '@spool/asset-io';
import type { JobTypeDefinition, MediaProbe, OutputAsset } from '@spool/contracts';
import { PROCESSOR_METADATA, type JobContext } from '@spool/worker-runtime';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { noisy, removeDir, save, tempDir } from './common/image-fixtures.js';
import { IMAGE_PROCESSORS } from './image.processors.js';
import { ImageProcessProcessor } from './process/image-process.processor.js';
import { ThumbnailProcessor } from './thumbnail/thumbnail.processor.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: false }));
const definition = (cls: object): JobTypeDefinition => Reflect.getMetadata(PROCESSOR_METADATA, cls);
const ASSET = '6f1c8a52-5a1e-4c55-9d2c-0b9a3e1f7d10';

describe('image processors: definitions', () => {
  it('registers image.process and image.thumbnail', () => {
    expect(IMAGE_PROCESSORS.map((p) => definition(p).type)).toEqual(['image.process', 'image.thumbnail']);
  });

  it.each([
    [{ assetId: ASSET }, true],
    [{ url: 'https://example.com/a.jpg', resize: { width: 100, fit: 'inside', position: 'attention' } }, true],
    [{ assetId: ASSET, crop: { left: 0, top: 0, width: 10, height: 10 }, rotate: 12.5, background: '#ff000080', format: 'avif', quality: 40 }, true],
    [{}, false],
    [{ assetId: ASSET, url: 'https://example.com/a.jpg' }, false],
    [{ assetId: ASSET, resize: { fit: 'cover' } }, false],
    [{ assetId: ASSET, resize: { width: 0 } }, false],
    [{ assetId: ASSET, resize: { width: 16385 } }, false],
    [{ assetId: ASSET, crop: { left: 0, top: 0, width: 10 } }, false],
    [{ assetId: ASSET, format: 'gif' }, false],
    [{ assetId: ASSET, quality: 101 }, false],
    [{ assetId: ASSET, background: 'red' }, false],
    [{ assetId: ASSET, sharpen: true }, false],
  ])('image.process input %j valid: %s', (input, valid) => {
    expect(ajv.validate(definition(ImageProcessProcessor).inputSchema, input)).toBe(valid);
  });

  it.each([
    [{ assetId: ASSET }, true],
    [{ assetId: ASSET, width: 128, height: 128, fit: 'contain', format: 'png', quality: 60, withoutEnlargement: false }, true],
    [{ url: 'not a url' }, false],
    [{ assetId: ASSET, width: 5000 }, false],
    [{ assetId: ASSET, rotate: 90 }, false],
  ])('image.thumbnail input %j valid: %s', (input, valid) => {
    expect(ajv.validate(definition(ThumbnailProcessor).inputSchema, input)).toBe(valid);
  });
});

describe('image processors: glue', () => {
  let dir: string;
  let source: string;
  beforeAll(async () => {
    dir = await tempDir();
    source = await save(noisy(600, 400).jpeg(), dir, 'source.jpg');
  });
  afterAll(() => removeDir(dir));

  let n = 0;
  /** An AssetIo that "downloads" the fixture and records what it stores. */
  const fakeIo = () => {
    const stored: { path: string; spec: OutputSpec; size: number; format: string | undefined }[] = [];
    const probes: { assetId: string; probe: MediaProbe }[] = [];
    const io = {
      workspace: async <T>(_job: JobContext, fn: (d: string) => Promise<T>) => {
        const ws = join(dir, `ws-${++n}`);
        await mkdir(ws);
        return fn(ws);
      },
      fetchInput: async (_job: JobContext, ref: { assetId?: string }, ws: string): Promise<InputFile> => {
        const path = join(ws, 'input.jpg');
        await copyFile(source, path);
        return { path, assetId: ref.assetId ?? null, url: null, contentType: 'image/jpeg', size: 1, probe: null };
      },
      storeOutput: async (_job: JobContext, path: string, spec: OutputSpec): Promise<OutputAsset> => {
        const meta = await sharp(path).metadata();
        stored.push({ path, spec, size: meta.size ?? 0, format: meta.format });
        return { id: 'out-asset', size: 1234 } as OutputAsset;
      },
      saveProbe: (_job: JobContext, assetId: string, probe: MediaProbe) => probes.push({ assetId, probe }),
    };
    return { io: io as unknown as AssetIo, stored, probes };
  };

  const jobWith = (input: Record<string, unknown>) => {
    const progress: number[] = [];
    const job = {
      id: 'job-1',
      type: 'image.process',
      ownerId: 'user-1',
      input,
      attempt: 1,
      maxAttempts: 3,
      dependencies: [],
      signal: new AbortController().signal,
      progress: (p: number) => progress.push(p),
      logger: new Logger('test'),
      attachAsset: () => undefined,
      attachProbe: () => undefined,
    } satisfies JobContext;
    return { job, progress };
  };

  it('image.process stores a "processed" asset linked to its input and returns its description', async () => {
    const { io, stored } = fakeIo();
    const { job, progress } = jobWith({ assetId: ASSET, resize: { width: 300 }, format: 'webp' });
    const output = await new ImageProcessProcessor(io).process(job);
    expect(output).toEqual({ assetId: 'out-asset', width: 300, height: 200, format: 'webp', size: 1234 });
    expect(stored).toHaveLength(1);
    expect(stored[0].spec).toMatchObject({ kind: 'image', role: 'processed', contentType: 'image/webp', extension: 'webp', parentAssetId: ASSET });
    expect(stored[0].spec.probe).toMatchObject({ format: 'webp', video: { width: 300, height: 200 } });
    expect(progress).toEqual([10, 90]);
  });

  it('image.thumbnail stores a "thumbnail" asset, and the input image\'s metadata when it has none', async () => {
    const { io, stored, probes } = fakeIo();
    const { job } = jobWith({ assetId: ASSET });
    const output = await new ThumbnailProcessor(io).process(job);
    expect(output).toEqual({ assetId: 'out-asset', width: 320, height: 213, format: 'webp', size: 1234 });
    expect(stored[0].spec).toMatchObject({ kind: 'image', role: 'thumbnail', contentType: 'image/webp', extension: 'webp', parentAssetId: ASSET });
    expect(probes).toEqual([{ assetId: ASSET, probe: expect.objectContaining({ format: 'jpeg', video: expect.objectContaining({ width: 600, height: 400 }) }) }]);
  });
});
