import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_TYPE_MAX_LENGTH, JOB_TYPE_PATTERN, type CreateJobCommand } from '@spool/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class CreateJobDto implements Omit<CreateJobCommand, 'idempotencyKey'> {
  @ApiProperty({ example: 'video.proxy', pattern: JOB_TYPE_PATTERN.source, maxLength: JOB_TYPE_MAX_LENGTH })
  @IsString()
  @MaxLength(JOB_TYPE_MAX_LENGTH)
  @Matches(JOB_TYPE_PATTERN, { message: 'type must be lower-case dotted words, e.g. video.proxy' })
  type: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Checked against the job type's input schema (see GET /v1/job-types)",
    example: { assetId: 'a1b2c3' },
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 200, description: 'Free label to group and filter jobs' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  project?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: -100, maximum: 100, default: 0, description: 'Higher runs first' })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  priority?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 25, description: "Defaults to the job type's" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(25)
  maxAttempts?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 86400, description: "Longest one attempt may run; defaults to the job type's" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  timeoutSeconds?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 10, maximum: 3_600_000, default: 1000, description: 'First retry delay, doubled on each attempt' })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  backoffMs?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 10, maximum: 86_400_000, default: 300_000 })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  maxBackoffMs?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Not before this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}(:?\d{2})?)$/i, { message: 'runAt must include a time zone (Z or ±hh:mm)' })
  runAt?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100, description: 'Runs once all of these have succeeded' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  dependsOn?: string[];
}
