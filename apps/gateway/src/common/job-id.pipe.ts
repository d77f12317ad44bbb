import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';
import { isUUID } from 'class-validator';

/** A job id that is not a UUID names no job: 404 like any unknown job, not 400. */
@Injectable()
export class JobIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) {
      throw new NotFoundException({ code: ErrorCode.JOB_NOT_FOUND, title: 'Job not found', detail: `No job ${value}` });
    }
    return value.toLowerCase();
  }
}
