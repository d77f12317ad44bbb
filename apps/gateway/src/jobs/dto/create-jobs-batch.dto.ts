import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_RULE } from '../../common/idempotency-key.js';
import { CreateJobDto } from './create-job.dto.js';

export const MAX_BATCH_SIZE = 1000;

export class BatchJobDto extends CreateJobDto {
  @ApiPropertyOptional({ maxLength: 255, description: 'Same role as the Idempotency-Key header of POST /v1/jobs, per job' })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: `idempotencyKey ${IDEMPOTENCY_KEY_RULE}` })
  idempotencyKey?: string;
}

export class CreateJobsBatchDto {
  @ApiProperty({ type: [BatchJobDto], minItems: 1, maxItems: MAX_BATCH_SIZE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SIZE)
  @ValidateNested({ each: true })
  @Type(() => BatchJobDto)
  jobs: BatchJobDto[];
}
