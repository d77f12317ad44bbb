import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { THUMBNAIL_SCHEMA, type ThumbnailInput } from './thumbnail.input.js';
import { makeThumbnail } from './thumbnail.operation.js';

const THUMBNAIL_TIMEOUT_SECONDS = 120;

@Injectable()
@Processor({
  type: 'image.thumbnail',
  description:
    'Makes a small, auto-oriented, metadata-free preview of an image (default 320 px wide webp); the result is a new asset (role "thumbnail") linked to the input.',
  inputSchema: THUMBNAIL_SCHEMA,
  timeoutSeconds: THUMBNAIL_TIMEOUT_SECONDS,
})
export class ThumbnailProcessor implements JobProcessor {
  constructor(private readonly io: AssetIo) {}

  process(job: JobContext) {
    const { assetId, url, ...options } = job.input as ThumbnailInput;
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, { assetId, url }, dir);
      job.progress(10, 'input fetched');
      const result = await makeThumbnail(input.path, dir, options, { signal: job.signal, timeoutSeconds: THUMBNAIL_TIMEOUT_SECONDS });
      job.progress(90, `${result.info.width}x${result.info.height} ${result.info.format} thumbnail made`);
      // An uploaded image gets its metadata here: its ingest is this thumbnail.
      if (input.assetId && !input.probe) this.io.saveProbe(job, input.assetId, result.inputProbe);
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'image',
        role: 'thumbnail',
        contentType: result.info.contentType,
        extension: result.info.extension,
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return { assetId: asset.id, width: result.info.width, height: result.info.height, format: result.info.format, size: asset.size };
    });
  }
}
