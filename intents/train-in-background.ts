import { Worker } from 'node:worker_threads';
import type { TrainedModel } from './classifier.js';

/** Starts training in a worker thread; resolves with the model (or rejects, and start trains inline). */
export function trainInBackground(dataDir: string): Promise<TrainedModel> {
  // Bundled (npm start): dist/train-worker.js beside dist/main.js; from source (tsx): the .ts file.
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(fromSource ? './train-worker.ts' : './train-worker.js', import.meta.url), {
    workerData: { dataDir },
    execArgv: fromSource ? ['--import', 'tsx'] : [],
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
