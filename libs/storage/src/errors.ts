export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';

  constructor(readonly key: string) {
    super(`No stored object under key "${key}"`);
  }
}

export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';
}

/** The range starts at or past the end of the object (HTTP 416). */
export class RangeNotSatisfiableError extends Error {
  override readonly name = 'RangeNotSatisfiableError';

  constructor(readonly key: string) {
    super(`The requested range is outside object "${key}"`);
  }
}
