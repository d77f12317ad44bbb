import { Injectable } from '@nestjs/common';
import { AssetIo } from '@spool/asset-io';
import { Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';
import { invalidInput } from '../common/errors.js';
import { jobOperationContext } from '../common/operation.js';
import { sourceOf, withDefaults } from '../common/source.schema.js';
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
    return this.io.workspace(job, async (dir) => {
      const input = await this.io.fetchInput(job, sourceOf(job.input), dir);
      const lut = lutAssetId ? await this.io.fetchInput(job, { assetId: lutAssetId }, dir, 'lut', MAX_LUT_BYTES) : null;
      const result = await colorGrade(
        input.path,
        dir,
        { preset: preset ?? null, lutPath: lut?.path ?? null, strength, crf },
        jobOperationContext(this.io, job, dir, input, 'grading'),
      );
      const asset = await this.io.storeOutput(job, result.path, {
        kind: 'video',
        role: 'graded',
        contentType: 'video/mp4',
        extension: 'mp4',
        parentAssetId: input.assetId,
        probe: result.probe,
      });
      return {
        assetId: asset.id,
        preset: preset ?? null,
        lutAssetId: lutAssetId ?? null,
        strength,
        width: result.probe.video?.width ?? null,
        height: result.probe.video?.height ?? null,
        durationSeconds: result.durationSeconds,
      };
    });
  }
}
