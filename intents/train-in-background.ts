import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainedModel } from './classifier.js';
import { loadSavedModel, trainingFingerprint } from './saved-model.js';

/** Where the build saves the model: beside the bundle (dist/model.bin). Running from source, nothing is saved. */
const SAVED_MODEL = new URL('./model.bin', import.meta.url);

/**
 * The intent model: the one the build saved when it was trained on this data, else trained in a worker
 * thread (resolves with the model, or rejects, and start trains inline).
 */
export function loadOrTrainModel(dataDir: string): Promise<TrainedModel> {
  if (!import.meta.url.endsWith('.ts')) {
    const saved = loadSavedModel(fileURLToPath(SAVED_MODEL), trainingFingerprint(dataDir));
    if (saved) return Promise.resolve(saved);
  }
  return trainInBackground(dataDir);
}

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
