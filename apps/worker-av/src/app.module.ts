import { Module } from '@nestjs/common';
import { AssetIoModule, MediaWorkerEnv } from '@spool/asset-io';
import { WorkerRuntimeModule } from '@spool/worker-runtime';
import { AV_PROCESSORS } from './av.processors.js';

/** The ffmpeg worker: probe, proxy, thumbnails, color grade, roto, audio clean-up, transcode. */
@Module({
  imports: [WorkerRuntimeModule.forWorker({ name: 'worker-av', processors: AV_PROCESSORS, imports: [AssetIoModule.forRoot()], env: MediaWorkerEnv })],
})
export class AppModule {}
