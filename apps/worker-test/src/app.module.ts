import { Module } from '@nestjs/common';
import { WorkerRuntimeModule } from '@spool/worker-runtime';
import { TEST_PROCESSORS } from './test.processors.js';

/** A worker serving the `test.*` job types; used by the tests, the benchmark and to try Spool out. */
@Module({ imports: [WorkerRuntimeModule.forWorker({ name: 'worker-test', processors: TEST_PROCESSORS })] })
export class AppModule {}
