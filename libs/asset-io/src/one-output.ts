import type { AssetKind, MediaProbe, OutputAsset } from '@spool/contracts';
import type { JobContext } from '@spool/worker-runtime';
import type { AssetIo, InputFile } from './asset-io.service.js';
import type { SourceRef } from './source.schema.js';

/** A file an operation made in the job's workspace. */
export interface MadeFile {
  path: string;
  probe: MediaProbe | null;
  contentType: string;
  extension: string;
}

/** What a job answers when it had nothing to make (e.g. a proxy of an audio-only input). */
export type Skipped = {
  skipped: true;
  reason: string;
};

const isSkipped = (made: MadeFile | Skipped): made is Skipped => (made as Skipped).skipped === true;

/**
 * The shape of every job that makes one file from its source: fetch the
 * source into a fresh workspace, `make` the file there, store it as a child
 * of the source, and answer `{ assetId, ...describe(result, asset) }`.
 */
export function makeOneOutput<R extends MadeFile>(
  io: Pick<AssetIo, 'workspace' | 'fetchInput' | 'storeOutput'>,
  job: JobContext,
  output: { kind: AssetKind; role: string },
  make: (input: InputFile, dir: string) => Promise<R | Skipped>,
  describe: (result: R, asset: OutputAsset) => Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return io.workspace(job, async (dir) => {
    const input = await io.fetchInput(job, job.input as SourceRef, dir);
    const made = await make(input, dir);
    if (isSkipped(made)) return { ...made };
    const asset = await io.storeOutput(job, made.path, {
      ...output,
      contentType: made.contentType,
      extension: made.extension,
      probe: made.probe,
      parentAssetId: input.assetId,
    });
    return { assetId: asset.id, ...describe(made, asset) };
  });
}
