import { Module } from '@nestjs/common';
import { AssetIoModule, MediaWorkerEnv } from '@spool/asset-io';
import { WorkerRuntimeModule } from '@spool/worker-runtime';
import { IMAGE_PROCESSORS } from './image.processors.js';

/** The sharp worker: image processing and thumbnails. */
@Module({
  imports: [WorkerRuntimeModule.forWorker({ name: 'worker-image', processors: IMAGE_PROCESSORS, imports: [AssetIoModule.forRoot()], env: MediaWorkerEnv })],
})
export class AppModule {}
