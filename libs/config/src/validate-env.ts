import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Builds a `@nestjs/config` validate function from a class whose properties
 * carry class-validator decorators and defaults. Start-up fails with every
 * invalid setting listed.
 */
export function validateEnv<T extends object>(schema: new () => T) {
  return (raw: Record<string, unknown>): T => {
    const config = plainToInstance(schema, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
      throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
    }
    return config;
  };
}
