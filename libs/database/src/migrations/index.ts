import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { Assets1764100000000 } from './1764100000000-assets.js';
import { QueueIndexes1764200000000 } from './1764200000000-queue-indexes.js';
import { ClaimIds1764300000000 } from './1764300000000-claim-ids.js';

/** Every migration, in order. A new migration is added here too. */
export const MIGRATIONS = [InitialSchema1764000000000, Assets1764100000000, QueueIndexes1764200000000, ClaimIds1764300000000];
