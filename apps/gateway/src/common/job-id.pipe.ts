import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@spool/contracts';
import { isUUID } from 'class-validator';

/** An id that is not a UUID names nothing: 404 like any unknown id, not 400. */
export abstract class UuidIdPipe implements PipeTransform<string, string> {
  protected abstract readonly code: ErrorCode;
  protected abstract readonly what: string;

  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundException({ code: this.code, title: `${this.what} not found`, detail: `No ${this.what.toLowerCase()} ${value}` });
    return value.toLowerCase();
  }
}

@Injectable()
export class JobIdPipe extends UuidIdPipe {
  protected readonly code = ErrorCode.JOB_NOT_FOUND;
  protected readonly what = 'Job';
}
