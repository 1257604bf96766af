/**
 * Classifier bench, run as its own process by bench/run.ts: how long the understanding layer takes to be
 * built (training at start), then classifications per second and per-call latency over the bench phrases.
 * Prints one JSON line.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalogue } from '../bot/catalogue/load.js';
import { createNlu } from '../intents/index.js';
import { classifierPhrases } from './corpus/index.js';
import { PROJECT_ROOT } from './servers/layani.js';
import { percentile } from './stats.js';

const PHASE_MS = 2000;
const MAX_CALLS = 1_000_000;

const dataDir = join(PROJECT_ROOT, 'data');
const phrases = classifierPhrases();
const catalogue = loadCatalogue(join(dataDir, 'services'));

const trainStart = performance.now();
// Awaited in case building the model becomes asynchronous (e.g. loading a saved model).
const nlu = await createNlu({ catalogue, dataDir });
const trainMs = performance.now() - trainStart;

const firstCallStart = performance.now();
nlu.understand(phrases[0]!);
const firstCallMs = performance.now() - firstCallStart;

for (let pass = 0; pass < 20; pass++) for (const text of phrases) nlu.understand(text);

// Throughput: calls back to back, no timer per call.
let calls = 0;
const throughputStart = performance.now();
while (calls < MAX_CALLS && performance.now() - throughputStart < PHASE_MS) {
  for (const text of phrases) nlu.understand(text);
  calls += phrases.length;
}
const perSec = calls / ((performance.now() - throughputStart) / 1000);

// Latency: each call timed on its own.
const micros: number[] = [];
const latencyStart = performance.now();
while (micros.length < MAX_CALLS && performance.now() - latencyStart < PHASE_MS) {
  for (const text of phrases) {
    const t0 = process.hrtime.bigint();
    nlu.understand(text);
    micros.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
}
micros.sort((a, b) => a - b);

const intents: Record<string, number> = {};
for (const text of phrases) {
  const intent = nlu.understand(text).intent;
  intents[intent] = (intents[intent] ?? 0) + 1;
}

process.stdout.write(
  `${JSON.stringify({
    phrases: phrases.length,
    trainMs,
    firstCallMs,
    perSec,
    p50Us: percentile(micros, 50),
    p99Us: percentile(micros, 99),
    intents,
  })}\n`,
);
