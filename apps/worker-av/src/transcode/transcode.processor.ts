import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext } from '../common/operation.js';
import { sourceOf } from '../common/source.schema.js';
import { TRANSCODE_INPUT_SCHEMA, type TranscodeInput } from './transcode.input.js';
import { resolveTranscodeSettings, transcode } from './transcode.operation.js';

@Injectable()
@Processor({
  type: 'video.transcode',
  description: 'Re-encodes a video with a render preset or explicit codec, container, height, rate control and audio settings.',
  inputSchema: TRANSCODE_INPUT_SCHEMA,
  timeoutSeconds: 4 * 3600,
})
export class TranscodeProcessor implements JobProcessor<TranscodeInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<TranscodeInput>) {
    const { assetId: _assetId, url: _url, ...options } = job.input;
    // Settle the settings before downloading anything: a bad combination fails at once.
    const settings = resolveTranscodeSettings(options);
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, sourceOf(job.input), dir);
      const result = await transcode(input.path, dir, settings, jobOperationContext(this.io, job, dir, input, 'encoding'));
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'video',
        role: 'transcode',
        contentType: result.contentType,
        extension: result.extension,
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return {
        assetId: asset.id,
        preset: job.input.preset ?? null,
        ...result.settings,
        width: result.probe.video?.width ?? null,
        height: result.probe.video?.height ?? null,
        durationSeconds: result.durationSeconds,
        size: asset.size,
      };
    });
  }
}
