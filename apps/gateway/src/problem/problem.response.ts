import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorCode, type FieldError } from '@spool/contracts';
import { PROBLEM_CONTENT_TYPE, statusTitle, type Problem } from './problem.js';

export class FieldErrorResponse implements FieldError {
  @ApiProperty({ example: 'priority' })
  field: string;

  @ApiProperty({ example: 'priority must not be greater than 100' })
  message: string;
}

/** RFC 9457 problem document, as the OpenAPI document describes it. */
export class ProblemResponse implements Problem {
  @ApiProperty({ example: 'urn:spool:problem:job-not-found' })
  type: string;

  @ApiProperty({ example: 'Job not found' })
  title: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiPropertyOptional({ example: 'No job 0b7f4a52-54a4-4b8e-9a55-0a6e0f0c3c11' })
  detail?: string;

  @ApiPropertyOptional({ example: '/v1/jobs/0b7f4a52-54a4-4b8e-9a55-0a6e0f0c3c11' })
  instance?: string;

  @ApiProperty({ enum: Object.values(ErrorCode), enumName: 'ErrorCode', example: ErrorCode.JOB_NOT_FOUND })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorResponse] })
  errors?: FieldErrorResponse[];
}

/** Documents the problem responses a route can give. */
export const ApiProblems = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: statusTitle(status),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemResponse) } } },
      }),
    ),
  );
