import { InvalidObjectKeyError } from './errors.js';

export const MAX_OBJECT_KEY_LENGTH = 512;

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_.-]*$/;

/**
 * Keys are made by Spool, never from user file names, so the rules are strict:
 * lower-case ASCII, no empty, `.` or `..` segment, no leading or trailing `/`.
 */
export function assertObjectKey(key: string): void {
  const reason =
    typeof key !== 'string' || key.length === 0
      ? 'it is empty'
      : key.length > MAX_OBJECT_KEY_LENGTH
        ? `it is longer than ${MAX_OBJECT_KEY_LENGTH} characters`
        : !KEY_PATTERN.test(key)
          ? 'only a-z, 0-9, "/", "_", "." and "-" are allowed, starting with a letter or digit'
          : key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
            ? 'it has an empty, "." or ".." segment'
            : null;
  if (reason) throw new InvalidObjectKeyError(`Invalid object key ${JSON.stringify(String(key).slice(0, 80))}: ${reason}`);
}
