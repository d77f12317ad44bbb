import { Controller, ForbiddenException, Get, Head, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ErrorCode } from '@spool/contracts';
import { OBJECT_STORAGE, UrlSigner, type ObjectStorage } from '@spool/storage';
import type { Request, Response } from 'express';
import { sendObject } from './object-response.js';

/**
 * Serves the local storage driver's signed URLs. The signature is the
 * authorisation: whoever holds an unexpired URL may download that one object.
 */
@ApiExcludeController()
@Controller('v1/storage')
export class StorageController {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly signer: UrlSigner,
  ) {}

  @Get('*key')
  @Head('*key')
  async download(
    @Param('key') key: string | string[],
    @Query('expires') expires: string | undefined,
    @Query('sig') sig: string | undefined,
    @Query('filename') filename: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const objectKey = Array.isArray(key) ? key.join('/') : key;
    const verdict = this.storage.driver === 'local' && expires && sig ? this.signer.verify(objectKey, expires, sig, filename) : 'invalid';
    if (verdict !== 'ok') {
      throw new ForbiddenException({
        code: ErrorCode.INVALID_SIGNATURE,
        title: verdict === 'expired' ? 'Signed URL expired' : 'Invalid signature',
        detail: verdict === 'expired' ? 'Ask for a new download URL' : 'This URL was not signed by Spool for this object',
      });
    }
    const head = await this.storage.head(objectKey);
    if (!head) throw new NotFoundException({ code: ErrorCode.NOT_FOUND, title: 'Object not found', detail: 'The asset was deleted' });
    await sendObject(this.storage, { key: objectKey, size: head.size, contentType: head.contentType ?? 'application/octet-stream', filename: filename ?? null }, req, res);
  }
}
