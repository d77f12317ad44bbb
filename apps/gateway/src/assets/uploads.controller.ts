import { Controller, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, UserAuthGuard, type AuthUser } from '@spool/auth';
import type { AssetView } from '@spool/contracts';
import type { Request, Response } from 'express';
import { ApiProblems } from '../problem/problem.response.js';
import { AssetResponse } from './dto/asset.response.js';
import { UploadQuery } from './dto/upload.query.js';
import { UploadsService } from './uploads.service.js';

@ApiTags('assets')
@ApiBearerAuth('user')
@ApiProblems(401, 503)
@UseGuards(UserAuthGuard)
@Controller('v1/uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a media file',
    description:
      'The request body is the file itself (`curl --data-binary @clip.mp4`), streamed to storage. Its type is sniffed from its bytes; ' +
      'a video upload queues probe, proxy and thumbnails jobs unless `ingest=false`.',
  })
  @ApiConsumes('application/octet-stream', 'video/*', 'audio/*', 'image/*')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Content-Digest', required: false, description: 'RFC 9530 `sha-256=:<base64>:`; a mismatch is 422' })
  @ApiHeader({ name: 'X-Checksum-SHA256', required: false, description: 'The sha256 in hex; a mismatch is 422' })
  @ApiCreatedResponse({ type: AssetResponse })
  @ApiProblems(400, 413, 415, 422)
  async upload(@CurrentUser() user: AuthUser, @Query() query: UploadQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AssetView> {
    try {
      return await this.uploads.upload(user.sub, query, req);
    } catch (err) {
      // Refused before the body was read to the end: close rather than read the rest of it.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  }
}
