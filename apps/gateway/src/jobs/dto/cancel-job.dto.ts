import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelJobDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'no longer needed' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
