import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssetsSubjects,
  type AssetRef,
  type AssetView,
  type CreateAssetRequest,
  type DeletedAsset,
  type ListAssetsRequest,
  type LocateAssetRequest,
  type LocatedAsset,
  type Page,
} from '@spool/contracts';
import { RpcExceptionFilter } from '../rpc/rpc-exception.filter.js';
import { AssetsService } from './assets.service.js';

@Controller()
@UseFilters(RpcExceptionFilter)
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @MessagePattern(AssetsSubjects.create)
  create(@Payload() req: CreateAssetRequest): Promise<AssetView> {
    return this.assets.create(req);
  }

  @MessagePattern(AssetsSubjects.get)
  get(@Payload() req: AssetRef): Promise<AssetView> {
    return this.assets.get(req);
  }

  @MessagePattern(AssetsSubjects.list)
  list(@Payload() req: ListAssetsRequest): Promise<Page<AssetView>> {
    return this.assets.list(req);
  }

  @MessagePattern(AssetsSubjects.delete)
  delete(@Payload() req: AssetRef): Promise<DeletedAsset> {
    return this.assets.delete(req);
  }

  @MessagePattern(AssetsSubjects.locate)
  locate(@Payload() req: LocateAssetRequest): Promise<LocatedAsset> {
    return this.assets.locate(req);
  }
}
