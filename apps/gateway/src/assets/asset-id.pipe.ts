import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';
import { UuidIdPipe } from '../common/job-id.pipe.js';

@Injectable()
export class AssetIdPipe extends UuidIdPipe {
  protected readonly code = ErrorCode.ASSET_NOT_FOUND;
  protected readonly what = 'Asset';
}
