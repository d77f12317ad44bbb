import { Module } from '@nestjs/common';
import { AssetsController } from './assets.controller.js';
import { AssetsService } from './assets.service.js';
import { StorageController } from './storage.controller.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

@Module({
  controllers: [UploadsController, AssetsController, StorageController],
  providers: [AssetsService, UploadsService],
})
export class AssetsModule {}
