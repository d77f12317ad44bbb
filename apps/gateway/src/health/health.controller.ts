import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ErrorCode } from '@spool/contracts';
import { ApiProblems } from '../problem/problem.response.js';
import { MessagingHealthIndicator } from '@spool/messaging';

const HEALTH_SCHEMA = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] }, details: { type: 'object', additionalProperties: true } },
  example: { status: 'ok', info: { nats: { status: 'up' } }, error: {}, details: { nats: { status: 'up' } } },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly messaging: MessagingHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ schema: HEALTH_SCHEMA })
  @ApiOperation({ summary: 'The process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ schema: HEALTH_SCHEMA })
  @ApiProblems(503)
  @ApiOperation({ summary: 'NATS is usable and apps/jobs answers within 1 s' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([this.messaging.natsCheck(), this.messaging.jobsCheck()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      throw new ServiceUnavailableException({
        code: ErrorCode.SERVICE_UNAVAILABLE,
        title: 'Not ready',
        detail: describe(err.getResponse() as HealthCheckResult),
      });
    }
  }
}

/** `nats: up; jobs: down (Timeout has occurred)` */
const describe = (result: HealthCheckResult): string =>
  Object.entries(result.details ?? {})
    .map(([key, { status, message }]) => `${key}: ${status}${typeof message === 'string' ? ` (${message})` : ''}`)
    .join('; ') || result.status;
