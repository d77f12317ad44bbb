import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { PROBE_INPUT_SCHEMA, type ProbeInput } from './probe.input.js';
import { probeSource } from './probe.operation.js';

@Injectable()
@Processor({
  type: 'video.probe',
  description: 'ffprobes a video or audio source (container, duration, streams) and saves the result on the asset.',
  inputSchema: PROBE_INPUT_SCHEMA,
  timeoutSeconds: 300,
})
export class ProbeProcessor implements JobProcessor<ProbeInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<ProbeInput>) {
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, job.input, dir);
      job.progress(50, 'probing');
      const probe = await probeSource(input.path, { ffprobePath: this.io.ffprobePath, signal: job.signal });
      if (input.assetId) this.io.saveProbe(job, input.assetId, probe);
      return { probe };
    });
  }
}
