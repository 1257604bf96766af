/**
 * `npm run train`: the build (`npm start`) trains the model and saves it beside the bundle; this
 * trains once and prints what it learned from and how long it took, to check the training data.
 */
import { join } from 'node:path';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { createNlu } from '../index.js';
import { INTENTS } from '../labels.js';
import { loadTrainingSet } from '../training.js';
import { DATA_DIR } from './paths.js';

const catalogue = loadCatalogue(join(DATA_DIR, 'services'));
const examples = loadTrainingSet(join(DATA_DIR, 'intents', 'train'));
const start = performance.now();
const nlu = createNlu({ catalogue, dataDir: DATA_DIR, examples });
const trainMs = performance.now() - start;

const perIntent = INTENTS.map((intent) => `${intent} ${examples.filter((e) => e.intent === intent).length}`);
const missing = INTENTS.filter((intent) => !examples.some((e) => e.intent === intent));
console.log(`Training phrases: ${examples.length} (${perIntent.join(', ')})`);
if (missing.length) console.log(`No phrases for: ${missing.join(', ')}`);
console.log(`Services: ${catalogue.length} (${catalogue.map((s) => s.id).join(', ')})`);
console.log(`Trained in ${trainMs.toFixed(0)} ms`);

const probe = examples.map((e) => e.text);
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 1000) {
  for (const text of probe) nlu.understand(text);
  n += probe.length;
}
console.log(`Classification: ${Math.round(n / ((performance.now() - t0) / 1000))} messages/s (single thread)`);
