import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
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
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, { assetId, url }, dir);
      job.progress(10, 'input fetched');
      const result = await processImage(input.path, dir, options, { signal: job.signal, timeoutSeconds: IMAGE_PROCESS_TIMEOUT_SECONDS });
      job.progress(90, `${result.info.width}x${result.info.height} ${result.info.format} made`);
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'image',
        role: 'processed',
        contentType: result.info.contentType,
        extension: result.info.extension,
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return { assetId: asset.id, width: result.info.width, height: result.info.height, format: result.info.format, size: asset.size };
    });
  }
}
