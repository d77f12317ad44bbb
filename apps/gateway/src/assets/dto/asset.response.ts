import { ApiProperty } from '@nestjs/swagger';
import {
  ASSET_KINDS,
  PROCESSING_STATUSES,
  type AssetKind,
  type AssetProcessingError,
  type AssetView,
  type MediaProbe,
  type Page,
  type ProcessingStatus,
} from '@spool/contracts';

export class AssetProcessingErrorResponse implements AssetProcessingError {
  @ApiProperty({ format: 'uuid' })
  jobId: string;

  @ApiProperty({ example: 'video.probe' })
  type: string;

  @ApiProperty({ example: 'MEDIA_UNDECODABLE' })
  code: string;

  @ApiProperty()
  message: string;
}

export class AssetResponse implements AssetView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  ownerId: string;

  @ApiProperty({ type: String, nullable: true })
  project: string | null;

  @ApiProperty({ enum: ASSET_KINDS, enumName: 'AssetKind' })
  kind: AssetKind;

  @ApiProperty({ type: String, nullable: true, description: 'Display name only' })
  filename: string | null;

  @ApiProperty({ example: 'video/mp4', description: 'Sniffed from the bytes, not taken from the client' })
  contentType: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256: string;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'ffprobe metadata: format, durationSeconds, bitRate, streams (codec, width, height, fps, sampleRate…), video, audio',
  })
  probe: MediaProbe | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For outputs: the asset they were made from' })
  parentAssetId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For outputs: the job that made them' })
  jobId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'proxy', description: 'For outputs: what they are to their parent' })
  role: string | null;

  @ApiProperty({ enum: PROCESSING_STATUSES, enumName: 'ProcessingStatus' })
  processingStatus: ProcessingStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  processingJobId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  processingCompletedAt: string | null;

  @ApiProperty({ type: AssetProcessingErrorResponse, nullable: true })
  processingError: AssetProcessingError | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class AssetPageResponse implements Page<AssetView> {
  @ApiProperty({ type: [AssetResponse] })
  items: AssetView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class SignedUrlResponse {
  @ApiProperty({ example: 'http://localhost:3000/v1/storage/assets/…/original.mp4?expires=…&sig=…' })
  url: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
