import { AssetEntity } from './asset.entity.js';
import { JobDependencyEntity } from './job-dependency.entity.js';
import { JobEventEntity } from './job-event.entity.js';
import { JobTypeEntity } from './job-type.entity.js';
import { JobEntity } from './job.entity.js';
import { WorkerEntity } from './worker.entity.js';

export { AssetEntity, JobDependencyEntity, JobEventEntity, JobTypeEntity, JobEntity, WorkerEntity };
export const ENTITIES = [JobTypeEntity, JobEntity, JobDependencyEntity, JobEventEntity, WorkerEntity, AssetEntity];
