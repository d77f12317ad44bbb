import { Module, type DynamicModule } from '@nestjs/common';
import { StorageModule } from '@spool/storage';
import { AssetIo } from './asset-io.service.js';

/** Storage plus AssetIo, for worker apps whose processors read and write assets. */
@Module({})
export class AssetIoModule {
  static forRoot(): DynamicModule {
    return { module: AssetIoModule, imports: [StorageModule.forRoot()], providers: [AssetIo], exports: [AssetIo] };
  }
}
