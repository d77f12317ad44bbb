import { stat } from 'node:fs/promises';
import { cleanAudio } from '../../apps/worker-av/src/audio-clean/audio-clean.operation.js';
import { audioCleanOptions, type AudioCleanInput } from '../../apps/worker-av/src/audio-clean/audio-clean.input.js';
import { makeProxy } from '../../apps/worker-av/src/proxy/proxy.operation.js';
import { proxyOptions, type ProxyInput } from '../../apps/worker-av/src/proxy/proxy.input.js';
import { processImage } from '../../apps/worker-image/src/process/image-process.operation.js';
import type { ImageProcessOptions } from '../../apps/worker-image/src/process/image-process.input.js';
import type { BenchInput, BenchInputs } from './inputs.js';
import type { ServiceName } from './stack.js';

/** The same time limit ImageProcessProcessor gives sharp. */
const IMAGE_PROCESS_TIMEOUT_SECONDS = 300;

export interface DirectRun {
  /** The output file the operation wrote. */
  path: string;
}

export interface BenchOperation {
  /** The job type, also the row name. */
  type: string;
  /** The job input minus `assetId`. */
  input: Record<string, unknown>;
  worker: ServiceName;
  /** Whether the operation runs ffmpeg in child processes (sharp runs inside the worker). */
  spawnsFfmpeg: boolean;
  source: (inputs: BenchInputs) => BenchInput;
  /**
   * The processor's own operation on the local file, with the options the
   * processor derives from the same job input. `workspace` contains both
   * the input and `outDir`, as the job's workspace does.
   */
  direct: (inputPath: string, outDir: string, workspace: string, signal: AbortSignal) => Promise<DirectRun>;
}

const PROXY_INPUT = { height: 720 } satisfies Omit<ProxyInput, 'assetId'>;
const AUDIO_INPUT = { format: 'wav' } satisfies Omit<AudioCleanInput, 'assetId'>;
const IMAGE_INPUT = { resize: { width: 1280, height: 720, fit: 'cover' }, format: 'webp' } satisfies ImageProcessOptions;

export const OPERATIONS: BenchOperation[] = [
  {
    type: 'video.proxy',
    input: PROXY_INPUT,
    worker: 'worker-av',
    spawnsFfmpeg: true,
    source: (i) => i.video,
    // ProxyProcessor: makeProxy(input.path, dir, proxyOptions(job.input), { probe, workspace: dir, ... })
    direct: async (input, outDir, workspace, signal) => makeProxy(input, outDir, proxyOptions(PROXY_INPUT), { workspace, signal }),
  },
  {
    type: 'audio.clean',
    input: AUDIO_INPUT,
    worker: 'worker-av',
    spawnsFfmpeg: true,
    source: (i) => i.audio,
    // AudioCleanProcessor: cleanAudio(input.path, dir, audioCleanOptions(job.input), { probe, workspace: dir, ... })
    direct: async (input, outDir, workspace, signal) => cleanAudio(input, outDir, audioCleanOptions(AUDIO_INPUT), { workspace, signal }),
  },
  {
    type: 'image.process',
    input: IMAGE_INPUT,
    worker: 'worker-image',
    spawnsFfmpeg: false,
    source: (i) => i.image,
    // ImageProcessProcessor: processImage(input.path, dir, options, { signal, timeoutSeconds: 300 })
    direct: async (input, outDir, _workspace, signal) => processImage(input, outDir, IMAGE_INPUT, { signal, timeoutSeconds: IMAGE_PROCESS_TIMEOUT_SECONDS }),
  },
];

export const fileSize = async (path: string): Promise<number> => (await stat(path)).size;
