import { Injectable } from '@nestjs/common';
import type { FieldError } from '@spool/contracts';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type InputCheck = (input: Record<string, unknown>) => FieldError[];

/** Compiles a job type's JSON Schema into a check of job inputs that names every bad field. */
@Injectable()
export class JobInputValidator {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: false }));

  compile(schema: Record<string, unknown>): InputCheck {
    const validate: ValidateFunction = this.ajv.compile(schema);
    return (input) => (validate(input) ? [] : (validate.errors ?? []).map(toFieldError));
  }
}

function toFieldError(e: ErrorObject): FieldError {
  const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
  const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
  const path = `${e.instancePath}${missing}${extra}`.split('/').filter(Boolean).join('.');
  return { field: path ? `input.${path}` : 'input', message: e.message ?? 'is invalid' };
}
