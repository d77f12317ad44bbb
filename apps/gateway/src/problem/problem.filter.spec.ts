import { Body, Controller, Get, HttpException, NotFoundException, Post, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { unauthorized } from '@spool/auth';
import { ErrorCode } from '@spool/contracts';
import { RemoteError } from '@spool/messaging';
import { IsInt } from 'class-validator';
import request from 'supertest';
import { ProblemFilter } from './problem.filter.js';
import { createValidationPipe } from './validation.pipe.js';

class EchoDto {
  @IsInt()
  n: number;
}

@Controller('probe')
class ProbeController {
  @Get('remote')
  remote(): never {
    throw new RemoteError({ status: 409, code: ErrorCode.JOB_ALREADY_FINISHED, title: 'Job already finished', detail: 'Job x is canceled' });
  }

  @Get('remote-down')
  remoteDown(): never {
    throw RemoteError.from(new Error('Timeout has occurred'));
  }

  @Get('coded')
  coded(): never {
    throw new NotFoundException({ code: ErrorCode.JOB_NOT_FOUND, title: 'Job not found', detail: 'No job 42' });
  }

  @Get('nest')
  nest(): never {
    throw new NotFoundException('nothing here');
  }

  @Get('unauthorized')
  unauthorized(): never {
    throw unauthorized('no token');
  }

  @Get('throttled')
  throttled(): never {
    throw new HttpException('slow down', 429);
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internals at /srv/app.js:42');
  }

  @Post('echo')
  echo(@Body() dto: EchoDto): EchoDto {
    return dto;
  }
}

describe('ProblemFilter', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    const nest = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    nest.useBodyParser('json', { limit: 100 });
    nest.useGlobalFilters(new ProblemFilter());
    nest.useGlobalPipes(createValidationPipe());
    app = await nest.init();
  });

  afterAll(() => app.close());

  const get = (path: string) => request(app.getHttpServer()).get(path);

  it('answers application/problem+json with type, title, status, instance and code', async () => {
    const res = await get('/probe/coded').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:spool:problem:job-not-found',
      title: 'Job not found',
      status: 404,
      detail: 'No job 42',
      instance: '/probe/coded',
      code: 'JOB_NOT_FOUND',
    });
  });

  it('passes the problem of apps/jobs through as it is', async () => {
    const res = await get('/probe/remote').expect(409);
    expect(res.body).toMatchObject({ code: 'JOB_ALREADY_FINISHED', title: 'Job already finished', detail: 'Job x is canceled' });
  });

  it('reports an unreachable jobs service as 503 SERVICE_UNAVAILABLE', async () => {
    const res = await get('/probe/remote-down').expect(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it("gives Nest's own exceptions a code from their status", async () => {
    expect((await get('/probe/nest').expect(404)).body).toMatchObject({ code: 'NOT_FOUND', detail: 'nothing here' });
  });

  it('maps unknown routes to 404 NOT_FOUND', async () => {
    const res = await get('/nowhere?x=1').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', instance: '/nowhere' });
  });

  it('asks for a bearer token on 401', async () => {
    const res = await get('/probe/unauthorized').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ code: 'UNAUTHORIZED', detail: 'no token' });
  });

  it('gives 429 the code RATE_LIMITED', async () => {
    expect((await get('/probe/throttled').expect(429)).body.code).toBe('RATE_LIMITED');
  });

  it('hides unexpected errors behind a bare 500 INTERNAL', async () => {
    const res = await get('/probe/crash').expect(500);
    expect(res.body).toEqual({ type: 'urn:spool:problem:internal', title: 'Internal error', status: 500, instance: '/probe/crash', code: 'INTERNAL' });
    expect(res.text).not.toContain('secret');
  });

  it('maps malformed JSON to 400 and a too large body to 413', async () => {
    const post = () => request(app.getHttpServer()).post('/probe/echo').set('content-type', 'application/json');
    expect((await post().send('{"n":').expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', title: 'Malformed JSON' });
    expect((await post().send(JSON.stringify({ n: 1, pad: 'x'.repeat(200) })).expect(413)).body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
    });
  });

  it('reports validation errors per field, unknown fields first', async () => {
    const post = (body: object) => request(app.getHttpServer()).post('/probe/echo').send(body);
    expect((await post({ n: 'x' }).expect(400)).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'n', message: 'n must be an integer number' }],
    });
    expect((await post({ n: 1, extra: true }).expect(400)).body).toMatchObject({
      code: 'UNKNOWN_FIELD',
      detail: 'Unknown field: extra',
      errors: [{ field: 'extra', message: 'unknown field' }],
    });
    expect((await post({ n: 7 }).expect(201)).body).toEqual({ n: 7 });
  });
});
