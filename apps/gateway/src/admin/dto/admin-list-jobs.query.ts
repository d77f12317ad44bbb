import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ListJobsQuery } from '../../jobs/dto/list-jobs.query.js';

const booleanFlag = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class AdminListJobsQuery extends ListJobsQuery {
  @ApiPropertyOptional({ description: "Only this owner's jobs" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ownerId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Running jobs past their lease, or running for longer than stuckMinutes' })
  @IsOptional()
  @Transform(booleanFlag)
  @IsBoolean()
  stuck?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 30, description: 'With stuck: how long counts as stuck' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(525_600)
  stuckMinutes?: number;
}
