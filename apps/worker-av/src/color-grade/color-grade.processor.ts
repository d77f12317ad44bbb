import { Injectable } from '@nestjs/common';
import { AssetIo, makeOneOutput } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { invalidInput } from '../common/errors.js';
import { jobOperationContext } from '../common/operation.js';
import { withDefaults } from '../common/source.schema.js';
import { COLOR_GRADE_DEFAULTS, COLOR_GRADE_INPUT_SCHEMA, type ColorGradeInput } from './color-grade.input.js';
import { colorGrade, MAX_LUT_BYTES } from './color-grade.operation.js';

@Injectable()
@Processor({
  type: 'video.color_grade',
  description: 'Applies a named look and/or a .cube 3D LUT to a video (H.264 MP4 out, audio kept), optionally mixed with the original.',
  inputSchema: COLOR_GRADE_INPUT_SCHEMA,
  timeoutSeconds: 3600,
})
export class ColorGradeProcessor implements JobProcessor<ColorGradeInput> {
  constructor(private readonly io: AssetIo) {}

  async process(job: JobContext<ColorGradeInput>) {
    const { preset, lutAssetId } = job.input;
    if (!preset && !lutAssetId) throw invalidInput('Give a preset or a lutAssetId (or both)');
    const { strength, crf } = withDefaults(COLOR_GRADE_DEFAULTS, job.input);
    return makeOneOutput(
      this.io,
      job,
      { kind: 'video', role: 'graded' },
      async (input, dir) => {
        const lut = lutAssetId ? await this.io.fetchInput(job, { assetId: lutAssetId }, dir, 'lut', MAX_LUT_BYTES) : null;
        const ctx = jobOperationContext(this.io, job, dir, input, 'grading');
        const graded = await colorGrade(input.path, dir, { preset: preset ?? null, lutPath: lut?.path ?? null, strength, crf }, ctx);
        return { ...graded, contentType: 'video/mp4', extension: 'mp4' };
      },
      (r) => ({
        preset: preset ?? null,
        lutAssetId: lutAssetId ?? null,
        strength,
        width: r.probe.video?.width ?? null,
        height: r.probe.video?.height ?? null,
        durationSeconds: r.durationSeconds,
      }),
    );
  }
}
