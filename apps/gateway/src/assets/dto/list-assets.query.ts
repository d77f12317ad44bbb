import { ApiPropertyOptional } from '@nestjs/swagger';
import { ASSET_KINDS, PROCESSING_STATUSES, type AssetKind, type ProcessingStatus } from '@spool/contracts';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/page.query.js';

export class ListAssetsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROCESSING_STATUSES })
  @IsOptional()
  @IsIn(PROCESSING_STATUSES)
  processingStatus?: ProcessingStatus;

  @ApiPropertyOptional({ enum: ASSET_KINDS })
  @IsOptional()
  @IsIn(ASSET_KINDS)
  kind?: AssetKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  project?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only outputs derived from this asset' })
  @IsOptional()
  @IsUUID()
  parentAssetId?: string;
}
