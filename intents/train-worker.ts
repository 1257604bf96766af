/**
 * Trains the intent model in a worker thread, so that at start it runs on the second core while the
 * main thread loads the server's modules. The model crosses back as plain data. The build runs the same
 * worker with `saveTo` to write the model beside the bundle (intents/saved-model.ts).
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalogue } from '../bot/catalogue/load.js';
import { createNlu } from './index.js';
import { saveModel, trainingFingerprint } from './saved-model.js';

const { dataDir, saveTo } = workerData as { dataDir: string; saveTo?: string };
const model = createNlu({ catalogue: loadCatalogue(join(dataDir, 'services')), dataDir }).model();
if (saveTo) saveModel(saveTo, model, trainingFingerprint(dataDir));
parentPort!.postMessage(model, [model.weights.buffer, model.bias.buffer]);
