import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { IMAGE_PROCESS_SCHEMA, type ImageProcessInput } from './image-process.input.js';
import { processImage } from './image-process.operation.js';

const IMAGE_PROCESS_TIMEOUT_SECONDS = 300;

@Injectable()
@Processor({
  type: 'image.process',
  description:
    'Resizes, crops, rotates, mirrors and re-encodes an image (jpeg, png, webp, avif) with sharp; the result is a new asset (role "processed") linked to the input.',
  inputSchema: IMAGE_PROCESS_SCHEMA,
  timeoutSeconds: IMAGE_PROCESS_TIMEOUT_SECONDS,
})
export class ImageProcessProcessor implements JobProcessor {
  constructor(private readonly io: AssetIo) {}

  process(job: JobContext) {
    const { assetId, url, ...options } = job.input as ImageProcessInput;
    return makeOneOutput(
      this.io,
      job,
      { kind: 'image', role: 'processed' },
      async (input, dir) => {
        job.progress(10, 'input fetched');
        const r = await processImage(input.path, dir, options, { signal: job.signal, timeoutSeconds: IMAGE_PROCESS_TIMEOUT_SECONDS });
        job.progress(90, `${r.info.width}x${r.info.height} ${r.info.format} made`);
        return { ...r, contentType: r.info.contentType, extension: r.info.extension };
      },
      (r, asset) => ({ width: r.info.width, height: r.info.height, format: r.info.format, size: asset.size }),
    );
  }
}
