/** JSON Schema pieces every media job type's input shares: where its source comes from. */
export const SOURCE_PROPERTIES = {
  assetId: { type: 'string', format: 'uuid', description: 'An asset of yours to process.' },
  url: { type: 'string', format: 'uri', maxLength: 2048, description: 'A public http(s) URL the worker downloads.' },
} as const;

/** Exactly one of `assetId` and `url`. */
export const SOURCE_ONE_OF = [{ required: ['assetId'] }, { required: ['url'] }];

/** A type literal, not an interface: job inputs built on it stay assignable to `Record<string, unknown>`. */
export type SourceRef = { assetId?: string; url?: string };
