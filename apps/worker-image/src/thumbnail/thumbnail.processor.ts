import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
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
    return makeOneOutput(
      this.io,
      job,
      { kind: 'image', role: 'thumbnail' },
      async (input, dir) => {
        job.progress(10, 'input fetched');
        const r = await makeThumbnail(input.path, dir, options, { signal: job.signal, timeoutSeconds: THUMBNAIL_TIMEOUT_SECONDS });
        job.progress(90, `${r.info.width}x${r.info.height} ${r.info.format} thumbnail made`);
        // An uploaded image gets its metadata here: its ingest is this thumbnail.
        if (input.assetId && !input.probe) this.io.saveProbe(job, input.assetId, r.inputProbe);
        return { ...r, contentType: r.info.contentType, extension: r.info.extension };
      },
      (r, asset) => ({ width: r.info.width, height: r.info.height, format: r.info.format, size: asset.size }),
    );
  }
}
