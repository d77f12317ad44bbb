import { Injectable } from '@nestjs/common';
import type { FieldError } from '@spool/contracts';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Validates job inputs against the JSON Schema their type registered; compiled validators are cached per schema. */
@Injectable()
export class JobInputValidator {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: false }));
  private readonly cache = new Map<string, ValidateFunction>();

  validate(schema: Record<string, unknown>, input: Record<string, unknown>): FieldError[] {
    const key = JSON.stringify(schema);
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.cache.set(key, fn);
    }
    if (fn(input)) return [];
    return (fn.errors ?? []).map((e) => {
      const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
      const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
      const path = `${e.instancePath}${missing}${extra}`.split('/').filter(Boolean).join('.');
      return { field: path ? `input.${path}` : 'input', message: e.message ?? 'is invalid' };
    });
  }
}
