import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext } from '../common/operation.js';
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
    return makeOneOutput(
      this.io,
      job,
      { kind: 'audio', role: 'clean-audio' },
      (input, dir) => cleanAudio(input.path, dir, options, jobOperationContext(this.io, job, dir, input, (p) => [p, p < 50 ? 'measuring' : 'normalizing'])),
      (r) => ({
        format: options.format,
        targetLufs: options.targetLufs,
        normalized: r.normalized,
        inputLoudness: finite(r.inputLoudness),
        outputLoudness: finite(r.outputLoudness),
        durationSeconds: r.durationSeconds,
      }),
    );
  }
}
