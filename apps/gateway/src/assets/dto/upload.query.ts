import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class UploadQuery {
  @ApiPropertyOptional({ description: 'Shown in listings and downloads only; never used to name the stored object', example: 'clip.mp4' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  filename?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  project?: string;

  @ApiPropertyOptional({ description: 'Queue the ingest jobs (probe, proxy, thumbnails) for a video', default: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  ingest?: boolean;
}
