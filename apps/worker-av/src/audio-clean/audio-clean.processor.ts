import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext } from '../common/operation.js';
import { sourceOf } from '../common/source.schema.js';
import { AUDIO_CLEAN_INPUT_SCHEMA, audioCleanOptions, type AudioCleanInput } from './audio-clean.input.js';
import { cleanAudio } from './audio-clean.operation.js';

/** JSON has no -Infinity: silence is reported as null. */
const finite = <T extends object>(values: T): T =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])) as T;

@Injectable()
@Processor({
  type: 'audio.clean',
  description: 'Cleans up audio (or the audio of a video): high/low-pass, FFT denoise, two-pass EBU R128 loudness normalization, 48 kHz out.',
  inputSchema: AUDIO_CLEAN_INPUT_SCHEMA,
  timeoutSeconds: 3600,
})
export class AudioCleanProcessor implements JobProcessor<AudioCleanInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<AudioCleanInput>) {
    const options = audioCleanOptions(job.input);
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, sourceOf(job.input), dir);
      const result = await cleanAudio(input.path, dir, options, jobOperationContext(this.io, job, dir, input, (p) => [p, p < 50 ? 'measuring' : 'normalizing']));
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'audio',
        role: 'clean-audio',
        contentType: result.contentType,
        extension: result.extension,
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return {
        assetId: asset.id,
        format: options.format,
        targetLufs: options.targetLufs,
        normalized: result.normalized,
        inputLoudness: finite(result.inputLoudness),
        outputLoudness: finite(result.outputLoudness),
        durationSeconds: result.durationSeconds,
      };
    });
  }
}
