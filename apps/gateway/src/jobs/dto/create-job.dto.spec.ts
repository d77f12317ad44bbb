import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '../../problem/validation.pipe.js';
import { CreateJobDto } from './create-job.dto.js';
import { CreateJobsBatchDto } from './create-jobs-batch.dto.js';
import { ListJobsQuery } from './list-jobs.query.js';

const pipe = createValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function problemOf(value: unknown, metadata: ArgumentMetadata) {
  const error = await pipe.transform(value, metadata).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse() as { code: string; detail: string; errors: { field: string; message: string }[] };
}

describe('CreateJobDto validation', () => {
  it('accepts a full, valid job', async () => {
    const job = {
      type: 'video.proxy',
      input: { assetId: 'a1', nested: { any: ['thing'] } },
      project: 'trailer',
      priority: -100,
      maxAttempts: 25,
      timeoutSeconds: 86_400,
      backoffMs: 10,
      maxBackoffMs: 60_000,
      runAt: '2030-01-01T00:00:00Z',
      dependsOn: ['0b7f4a52-54a4-4b8e-9a55-0a6e0f0c3c11'],
    };
    const dto = await pipe.transform(job, body(CreateJobDto));
    expect(dto).toBeInstanceOf(CreateJobDto);
    expect({ ...dto }).toEqual(job);
  });

  it('refuses an unknown field with 400 UNKNOWN_FIELD naming it', async () => {
    const problem = await problemOf({ type: 'test.noop', prority: 5 }, body(CreateJobDto));
    expect(problem.code).toBe('UNKNOWN_FIELD');
    expect(problem.detail).toBe('Unknown field: prority');
    expect(problem.errors).toEqual([{ field: 'prority', message: 'unknown field' }]);
  });

  it('names unknown fields inside batch items by their path', async () => {
    const problem = await problemOf({ jobs: [{ type: 'test.noop' }, { type: 'test.noop', colour: 'red' }] }, body(CreateJobsBatchDto));
    expect(problem.code).toBe('UNKNOWN_FIELD');
    expect(problem.errors).toEqual([{ field: 'jobs.1.colour', message: 'unknown field' }]);
  });

  it.each([
    ['a missing type', {}, 'type'],
    ['an upper-case type', { type: 'Video' }, 'type'],
    ['a priority out of range', { type: 'a', priority: 101 }, 'priority'],
    ['a fractional priority', { type: 'a', priority: 1.5 }, 'priority'],
    ['too many attempts', { type: 'a', maxAttempts: 26 }, 'maxAttempts'],
    ['a zero timeout', { type: 'a', timeoutSeconds: 0 }, 'timeoutSeconds'],
    ['a tiny backoff', { type: 'a', backoffMs: 5 }, 'backoffMs'],
    ['an array as input', { type: 'a', input: [1] }, 'input'],
    ['a date without time zone', { type: 'a', runAt: '2030-01-01T00:00:00' }, 'runAt'],
    ['a dependency that is not a uuid', { type: 'a', dependsOn: ['x'] }, 'dependsOn'],
    ['over 100 dependencies', { type: 'a', dependsOn: Array(101).fill('0b7f4a52-54a4-4b8e-9a55-0a6e0f0c3c11') }, 'dependsOn'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, job, field) => {
    const problem = await problemOf(job, body(CreateJobDto));
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });

  it('limits a batch to 1000 jobs', async () => {
    const problem = await problemOf({ jobs: Array(1001).fill({ type: 'test.noop' }) }, body(CreateJobsBatchDto));
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'jobs' })]);
  });
});

describe('ListJobsQuery validation', () => {
  const query: ArgumentMetadata = { type: 'query', metatype: ListJobsQuery };

  it('splits a comma list of statuses and converts the limit', async () => {
    const dto = await pipe.transform({ status: 'pending, running', limit: '20' }, query);
    expect(dto).toMatchObject({ status: ['pending', 'running'], limit: 20 });
    expect((await pipe.transform({}, query)).limit).toBe(50);
  });

  it('refuses unknown statuses, limits out of range and unknown parameters', async () => {
    expect((await problemOf({ status: 'pending,lost' }, query)).code).toBe('VALIDATION_FAILED');
    expect((await problemOf({ limit: '201' }, query)).code).toBe('VALIDATION_FAILED');
    expect((await problemOf({ sort: 'asc' }, query)).errors).toEqual([{ field: 'sort', message: 'unknown field' }]);
  });
});
