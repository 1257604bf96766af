/**
 * `npm run eval`: trains on data/intents/train, scores on data/intents/dev.jsonl, and compares with
 * NLP.js trained on the same phrases. Also a stratified k-fold cross-validation on the training phrases.
 * `--errors` lists the dev messages we get wrong; `--no-baseline` skips NLP.js.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { score, stratifiedFolds, type Prediction, type Report } from '../evaluation/metrics.js';
import { trainNlpJs } from '../evaluation/nlpjs.js';
import { typoGenerator } from '../evaluation/typos.js';
import { createNlu } from '../index.js';
import { loadDevSet, loadTrainingSet, type DevExample, type Example } from '../training.js';
import { DATA_DIR } from './paths.js';

const FOLDS = 5;
const args = new Set(process.argv.slice(2));
const catalogue = loadCatalogue(join(DATA_DIR, 'services'));
const training = loadTrainingSet(join(DATA_DIR, 'intents', 'train'));
const devPath = join(DATA_DIR, 'intents', 'dev.jsonl');
const dev: DevExample[] = existsSync(devPath) ? loadDevSet(devPath) : [];

interface Run {
  name: string;
  report: Report;
  trainMs: number;
  perSecond: number;
}

function evaluateOurs(train: readonly Example[], test: readonly DevExample[]): Run & { predictions: Prediction[] } {
  const start = performance.now();
  const nlu = createNlu({ catalogue, dataDir: DATA_DIR, examples: train });
  const trainMs = performance.now() - start;
  const predictions = test.map((e): Prediction => {
    const u = nlu.understand(e.text);
    return { expected: e.intent, predicted: u.intent, confidence: u.confidence, expectedService: e.service, predictedService: u.service };
  });
  // Throughput over at least a second of repeated classification, so it is not just JIT warm-up.
  const t0 = performance.now();
  let classified = 0;
  while (performance.now() - t0 < 1000) {
    for (const e of test) nlu.understand(e.text);
    classified += test.length;
  }
  const perSecond = classified / ((performance.now() - t0) / 1000);
  return { name: 'Layani', report: score(predictions), trainMs, perSecond, predictions };
}

async function evaluateNlpJs(train: readonly Example[], test: readonly DevExample[]): Promise<Run> {
  const start = performance.now();
  const classify = await trainNlpJs(train, catalogue);
  const trainMs = performance.now() - start;
  const t0 = performance.now();
  const predictions: Prediction[] = [];
  for (const e of test) {
    const a = await classify(e.text);
    predictions.push({ expected: e.intent, predicted: a.intent, confidence: a.confidence, expectedService: e.service, predictedService: a.service });
  }
  const perSecond = test.length / ((performance.now() - t0) / 1000);
  return { name: 'NLP.js', report: score(predictions), trainMs, perSecond };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const pad = (s: string, n: number): string => s.padEnd(n);

function comparison(runs: readonly Run[]): string {
  const rows: Array<[string, (r: Run) => string]> = [
    ['intent accuracy', (r) => pct(r.report.accuracy)],
    ['macro-F1', (r) => pct(r.report.macroF1)],
    ['service accuracy', (r) => pct(r.report.serviceAccuracy)],
    ['out_of_scope recall', (r) => pct(r.report.outOfScopeRecall)],
    ['calibration error (ECE)', (r) => r.report.calibrationError.toFixed(3)],
    ['answered at conf >= 0.6', (r) => pct(r.report.answeredShare)],
    ['  accuracy when answered', (r) => pct(r.report.answeredAccuracy)],
    ['training (ms)', (r) => r.trainMs.toFixed(0)],
    ['classifications / s', (r) => r.perSecond.toFixed(0)],
  ];
  const lines = [pad('', 26) + runs.map((r) => pad(r.name, 10)).join('')];
  for (const [label, cell] of rows) lines.push(pad(label, 26) + runs.map((r) => pad(cell(r), 10)).join(''));
  return lines.join('\n');
}

function perIntent(ours: Report, baseline?: Report): string {
  const lines = [`${pad('intent', 18)}${pad('P', 8)}${pad('R', 8)}${pad('F1', 8)}${pad('n', 5)}${baseline ? 'NLP.js F1' : ''}`];
  ours.perIntent.forEach((s, i) => {
    const b = baseline?.perIntent[i];
    lines.push(
      `${pad(s.intent, 18)}${pad(pct(s.precision), 8)}${pad(pct(s.recall), 8)}${pad(pct(s.f1), 8)}${pad(String(s.support), 5)}${b ? pct(b.f1) : ''}`,
    );
  });
  return lines.join('\n');
}

/** Stratified k-fold cross-validation on the training phrases, as written and with synthetic typos. */
function crossValidation(): string {
  const folds = stratifiedFolds(training, FOLDS);
  const addTypos = typoGenerator();
  const clean: Prediction[] = [];
  const noisy: Prediction[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = folds.flatMap((fold, i) => (i === k ? [] : fold));
    const nlu = createNlu({ catalogue, dataDir: DATA_DIR, examples: train });
    for (const e of folds[k]!) {
      const asWritten = nlu.understand(e.text);
      const withTypos = nlu.understand(addTypos(e.text));
      clean.push({ expected: e.intent, predicted: asWritten.intent, confidence: asWritten.confidence, expectedService: null, predictedService: null });
      // Without labelled services here, the service found in the clean phrase is the reference.
      noisy.push({
        expected: e.intent,
        predicted: withTypos.intent,
        confidence: withTypos.confidence,
        expectedService: asWritten.service,
        predictedService: withTypos.service,
      });
    }
  }
  const c = score(clean);
  const n = score(noisy);
  return [
    `${FOLDS}-fold cross-validation on training phrases (Layani):`,
    `  as written:           accuracy ${pct(c.accuracy)}, macro-F1 ${pct(c.macroF1)}, ECE ${c.calibrationError.toFixed(3)}`,
    `  with synthetic typos: accuracy ${pct(n.accuracy)}, macro-F1 ${pct(n.macroF1)}, ECE ${n.calibrationError.toFixed(3)}, same service ${pct(n.serviceAccuracy)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  console.log(`Training: ${training.length} phrases. Dev: ${dev.length} examples. Services: ${catalogue.length}.`);
  if (dev.length === 0) console.log(`(no ${devPath}: dev figures skipped)`);
  else {
    const ours = evaluateOurs(training, dev);
    const baseline = args.has('--no-baseline') ? undefined : await evaluateNlpJs(training, dev);
    console.log(`\n${comparison(baseline ? [ours, baseline] : [ours])}`);
    console.log(`\nPer intent (Layani; last column NLP.js):\n${perIntent(ours.report, baseline?.report)}`);
    const confusions = ours.report.confusions.slice(0, 10).map((c) => `  ${c.expected} → ${c.predicted}: ${c.count}`);
    console.log(`\nMost frequent confusions (Layani):\n${confusions.join('\n') || '  none'}`);
    if (args.has('--errors')) {
      console.log('\nErrors (Layani):');
      ours.predictions.forEach((p, i) => {
        if (p.expected !== p.predicted || p.expectedService !== p.predictedService) {
          console.log(`  ${JSON.stringify(dev[i]!.text)}  ${p.expected}/${p.expectedService} → ${p.predicted}/${p.predictedService} (${p.confidence.toFixed(2)})`);
        }
      });
    }
  }
  console.log(`\n${crossValidation()}`);
}

main().catch((err: unknown) => {
  console.error(`eval: ${(err as Error).message}`);
  process.exit(1);
});
