import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { jobOperationContext } from '../common/operation.js';
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
    return makeOneOutput(
      this.io,
      job,
      { kind: 'video', role: 'matte' },
      (input, dir) => makeRoto(input.path, dir, options, jobOperationContext(this.io, job, dir, input, 'keying')),
      (r) => ({ format: r.format, width: r.probe.video?.width ?? null, height: r.probe.video?.height ?? null, durationSeconds: r.durationSeconds }),
    );
  }
}
