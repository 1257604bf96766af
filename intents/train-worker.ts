/**
 * Trains the intent model in a worker thread, so that at start it runs on the second core while the
 * main thread loads the server's modules. The model crosses back as plain data.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalogue } from '../bot/catalogue/load.js';
import { createNlu } from './index.js';

const { dataDir } = workerData as { dataDir: string };
const model = createNlu({ catalogue: loadCatalogue(join(dataDir, 'services')), dataDir }).model();
parentPort!.postMessage(model, [model.weights.buffer, model.bias.buffer]);
