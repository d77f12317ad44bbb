import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext, skippedForNoVideo } from '../common/operation.js';
import { sourceOf } from '../common/source.schema.js';
import { PROXY_INPUT_SCHEMA, proxyOptions, type ProxyInput } from './proxy.input.js';
import { makeProxy } from './proxy.operation.js';

@Injectable()
@Processor({
  type: 'video.proxy',
  description: 'Makes an H.264/AAC MP4 proxy (540, 720 or 1080 p, fixed keyframe interval, faststart) of a video.',
  inputSchema: PROXY_INPUT_SCHEMA,
  timeoutSeconds: 3600,
})
export class ProxyProcessor implements JobProcessor<ProxyInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<ProxyInput>) {
    const options = proxyOptions(job.input);
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, sourceOf(job.input), dir);
      const ctx = jobOperationContext(this.io, job, dir, input, 'encoding');
      const skipped = await skippedForNoVideo(input, job.input.ifNoVideo, ctx);
      if (skipped) return skipped;
      const result = await makeProxy(input.path, dir, options, ctx);
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'video',
        role: 'proxy',
        contentType: 'video/mp4',
        extension: 'mp4',
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return {
        assetId: asset.id,
        width: result.width,
        height: result.height,
        durationSeconds: result.durationSeconds,
        hasAudio: result.hasAudio,
        keyframeIntervalFrames: result.gop,
        size: asset.size,
      };
    });
  }
}
