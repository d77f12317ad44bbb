import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jobOperationContext, skippedForNoVideo } from '../common/operation.js';
import { THUMBNAILS_INPUT_SCHEMA, thumbnailOptions, type ThumbnailsInput } from './thumbnails.input.js';
import { buildSpriteVtt, makeThumbnails } from './thumbnails.operation.js';

@Injectable()
@Processor({
  type: 'video.thumbnails',
  description: 'Takes a poster frame, evenly spaced frames, a sprite sheet of them and a WebVTT index for scrub previews.',
  inputSchema: THUMBNAILS_INPUT_SCHEMA,
  timeoutSeconds: 1800,
})
export class ThumbnailsProcessor implements JobProcessor<ThumbnailsInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<ThumbnailsInput>) {
    const options = thumbnailOptions(job.input);
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, job.input, dir);
      const ctx = jobOperationContext(this.io, job, dir, input, (p) => [p * 0.95, 'grabbing frames']);
      const skipped = await skippedForNoVideo(input, job.input.ifNoVideo, ctx);
      if (skipped) return skipped;
      const result = await makeThumbnails(input.path, dir, options, ctx);
      const parentAssetId = input.assetId;
      const jpeg = { kind: 'image', contentType: 'image/jpeg', extension: 'jpg', parentAssetId } as const;

      const poster = await this.io.storeOutput(job, result.poster.path, { ...jpeg, role: 'poster', probe: result.poster.probe });
      const frameAssetIds: string[] = [];
      for (const [i, frame] of result.frames.entries()) {
        job.signal.throwIfAborted();
        const asset = await this.io.storeOutput(job, frame.path, {
          ...jpeg,
          role: 'frame',
          probe: frame.probe,
          filename: `frame_${String(i + 1).padStart(3, '0')}.jpg`,
        });
        frameAssetIds.push(asset.id);
      }
      // The sprite first: the VTT cues point at its id.
      const sprite = await this.io.storeOutput(job, result.sprite.path, { ...jpeg, role: 'sprite', probe: result.sprite.probe });
      const vttPath = join(dir, 'sprite.vtt');
      await writeFile(vttPath, buildSpriteVtt(`/v1/assets/${sprite.id}/content`, result.frames, result.layout));
      const vtt = await this.io.storeOutput(job, vttPath, {
        kind: 'other',
        role: 'sprite-vtt',
        contentType: 'text/vtt',
        extension: 'vtt',
        parentAssetId,
        probe: null,
      });
      job.progress(100, 'stored');

      return {
        posterAssetId: poster.id,
        frameAssetIds,
        spriteAssetId: sprite.id,
        vttAssetId: vtt.id,
        count: result.frames.length,
        frameTimes: result.frames.map((f) => Number(f.atSeconds.toFixed(3))),
        frameWidth: result.layout.frameWidth,
        frameHeight: result.layout.frameHeight,
        columns: result.layout.columns,
        rows: result.layout.rows,
        durationSeconds: result.durationSeconds,
      };
    });
  }
}
