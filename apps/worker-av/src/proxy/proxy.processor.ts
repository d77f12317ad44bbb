import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext, skippedForNoVideo } from '../common/operation.js';
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
    return makeOneOutput(
      this.io,
      job,
      { kind: 'video', role: 'proxy' },
      async (input, dir) => {
        const ctx = jobOperationContext(this.io, job, dir, input, 'encoding');
        const skipped = await skippedForNoVideo(input, job.input.ifNoVideo, ctx);
        return skipped ?? { ...(await makeProxy(input.path, dir, options, ctx)), contentType: 'video/mp4', extension: 'mp4' };
      },
      (r, asset) => ({ width: r.width, height: r.height, durationSeconds: r.durationSeconds, hasAudio: r.hasAudio, keyframeIntervalFrames: r.gop, size: asset.size }),
    );
  }
}
