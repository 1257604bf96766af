import { Worker } from 'node:worker_threads';
import type { TrainedModel } from './classifier.js';

/** Starts training in a worker thread; resolves with the model (or rejects, and start trains inline). */
export function trainInBackground(dataDir: string): Promise<TrainedModel> {
  const worker = new Worker(new URL('./train-worker.ts', import.meta.url), {
    workerData: { dataDir },
    // The worker runs TypeScript like the main thread does.
    execArgv: ['--import', 'tsx'],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (model: TrainedModel) => {
      resolve(model);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`training worker exited with code ${code}`)));
  });
}
