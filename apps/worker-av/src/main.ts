import { bootstrapWorker } from '@spool/worker-runtime';
import { AppModule } from './app.module.js';

bootstrapWorker(AppModule, 'worker-av').catch((err) => {
  console.error(err);
  process.exit(1);
});
