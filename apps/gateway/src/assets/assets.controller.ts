import { Controller, Delete, Get, Head, HttpCode, HttpStatus, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, UserAuthGuard, type AuthUser } from '@spool/auth';
import type { AssetView, Page } from '@spool/contracts';
import type { Request, Response } from 'express';
import { ApiProblems } from '../problem/problem.response.js';
import { AssetIdPipe } from './asset-id.pipe.js';
import { AssetsService } from './assets.service.js';
import { AssetPageResponse, AssetResponse, SignedUrlResponse } from './dto/asset.response.js';
import { ListAssetsQuery } from './dto/list-assets.query.js';
import { sendObject } from './object-response.js';

@ApiTags('assets')
@ApiBearerAuth('user')
@ApiProblems(401, 503)
@UseGuards(UserAuthGuard)
@Controller('v1/assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  @ApiOperation({ summary: 'List your assets, newest first' })
  @ApiOkResponse({ type: AssetPageResponse })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListAssetsQuery): Promise<Page<AssetView>> {
    return this.assets.list(user.sub, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an asset, with its probe metadata and processing status' })
  @ApiOkResponse({ type: AssetResponse })
  @ApiProblems(404)
  get(@CurrentUser() user: AuthUser, @Param('id', AssetIdPipe) id: string): Promise<AssetView> {
    return this.assets.get(user.sub, id);
  }

  @Get(':id/content')
  @Head(':id/content')
  @ApiOperation({
    summary: 'Download an asset',
    description: 'Streams the bytes (one HTTP Range honoured, 206). With `?redirect=true`, answers 302 to a time-limited signed URL instead.',
  })
  @ApiQuery({ name: 'redirect', required: false, type: Boolean })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes' })
  @ApiProblems(404, 416)
  async content(
    @CurrentUser() user: AuthUser,
    @Param('id', AssetIdPipe) id: string,
    @Query('redirect') redirect: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (redirect === 'true') {
      const { url } = await this.assets.signedUrl(user.sub, id);
      res.redirect(HttpStatus.FOUND, url);
      return;
    }
    const asset = await this.assets.locate(user.sub, id);
    await sendObject(this.assets.storage, { key: asset.storageKey, size: asset.size, contentType: asset.contentType, filename: asset.filename, etag: asset.sha256 }, req, res);
  }

  @Get(':id/url')
  @ApiOperation({ summary: 'A time-limited signed download URL (presigned on S3, HMAC-signed for local storage)' })
  @ApiOkResponse({ type: SignedUrlResponse })
  @ApiProblems(404)
  url(@CurrentUser() user: AuthUser, @Param('id', AssetIdPipe) id: string): Promise<SignedUrlResponse> {
    return this.assets.signedUrl(user.sub, id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an asset and its stored bytes (outputs made from it stay)' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  delete(@CurrentUser() user: AuthUser, @Param('id', AssetIdPipe) id: string): Promise<void> {
    return this.assets.delete(user.sub, id);
  }
}
