import { mediaInputSchema, type SourceInput } from '../common/source.schema.js';

export type ProbeInput = SourceInput;

export const PROBE_INPUT_SCHEMA = mediaInputSchema({});
