import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext } from '../common/operation.js';
import { sourceOf } from '../common/source.schema.js';
import { ROTO_INPUT_SCHEMA, rotoOptions, type RotoInput } from './roto.input.js';
import { makeRoto } from './roto.operation.js';

@Injectable()
@Processor({
  type: 'video.roto',
  description: 'Keys out a green (or any) screen: a video with a real alpha channel, ProRes 4444 .mov or VP9 WebM.',
  inputSchema: ROTO_INPUT_SCHEMA,
  timeoutSeconds: 3600,
})
export class RotoProcessor implements JobProcessor<RotoInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<RotoInput>) {
    const options = rotoOptions(job.input);
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, sourceOf(job.input), dir);
      const result = await makeRoto(input.path, dir, options, jobOperationContext(this.io, job, dir, input, 'keying'));
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'video',
        role: 'matte',
        contentType: result.contentType,
        extension: result.extension,
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return {
        assetId: asset.id,
        format: result.format,
        width: result.probe.video?.width ?? null,
        height: result.probe.video?.height ?? null,
        durationSeconds: result.durationSeconds,
      };
    });
  }
}
