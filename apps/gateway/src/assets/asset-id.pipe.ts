import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';
import { isUUID } from 'class-validator';

/** An asset id that is not a UUID names no asset: 404, not 400. */
@Injectable()
export class AssetIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundException({ code: ErrorCode.ASSET_NOT_FOUND, title: 'Asset not found', detail: `No asset ${value}` });
    return value.toLowerCase();
  }
}
