import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext } from '../common/operation.js';
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
    return makeOneOutput(
      this.io,
      job,
      { kind: 'video', role: 'transcode' },
      (input, dir) => transcode(input.path, dir, settings, jobOperationContext(this.io, job, dir, input, 'encoding')),
      (r, asset) => ({
        preset: job.input.preset ?? null,
        ...r.settings,
        width: r.probe.video?.width ?? null,
        height: r.probe.video?.height ?? null,
        durationSeconds: r.durationSeconds,
        size: asset.size,
      }),
    );
  }
}
