import { INTENTS, type Intent } from '../labels.js';

export interface Prediction {
  expected: Intent;
  predicted: Intent;
  confidence: number;
  expectedService: string | null;
  predictedService: string | null;
}

export interface IntentScore {
  intent: Intent;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Report {
  total: number;
  accuracy: number;
  macroF1: number;
  perIntent: IntentScore[];
  /** Most frequent expected → predicted mistakes. */
  confusions: Array<{ expected: Intent; predicted: Intent; count: number }>;
  /** Over the examples that name a service or none: predicted service (or null) equals expected. */
  serviceAccuracy: number;
  outOfScopeRecall: number;
  /** Expected calibration error over 10 confidence bins. */
  calibrationError: number;
  /** Share answered at confidence ≥ 0.6, and accuracy among those. */
  answeredShare: number;
  answeredAccuracy: number;
}

export function score(predictions: readonly Prediction[], answerThreshold = 0.6): Report {
  const total = predictions.length;
  const perIntent = INTENTS.map((intent): IntentScore => {
    const tp = predictions.filter((p) => p.expected === intent && p.predicted === intent).length;
    const predicted = predictions.filter((p) => p.predicted === intent).length;
    const support = predictions.filter((p) => p.expected === intent).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support };
  });
  const present = perIntent.filter((s) => s.support > 0);
  const confusionCounts = new Map<string, number>();
  for (const p of predictions) {
    if (p.expected !== p.predicted) {
      const key = `${p.expected}>${p.predicted}`;
      confusionCounts.set(key, (confusionCounts.get(key) ?? 0) + 1);
    }
  }
  const confusions = [...confusionCounts]
    .map(([key, count]) => {
      const [expected, predicted] = key.split('>') as [Intent, Intent];
      return { expected, predicted, count };
    })
    .sort((a, b) => b.count - a.count);
  const answered = predictions.filter((p) => p.confidence >= answerThreshold);
  return {
    total,
    accuracy: ratio(predictions.filter((p) => p.expected === p.predicted).length, total),
    macroF1: present.reduce((sum, s) => sum + s.f1, 0) / (present.length || 1),
    perIntent,
    confusions,
    serviceAccuracy: ratio(predictions.filter((p) => p.expectedService === p.predictedService).length, total),
    outOfScopeRecall: perIntent.find((s) => s.intent === 'out_of_scope')!.recall,
    calibrationError: calibrationError(predictions),
    answeredShare: ratio(answered.length, total),
    answeredAccuracy: ratio(answered.filter((p) => p.expected === p.predicted).length, answered.length),
  };
}

function ratio(a: number, b: number): number {
  return b ? a / b : 0;
}

function calibrationError(predictions: readonly Prediction[], bins = 10): number {
  let error = 0;
  for (let b = 0; b < bins; b++) {
    const inBin = predictions.filter((p) => Math.min(bins - 1, Math.floor(p.confidence * bins)) === b);
    if (inBin.length === 0) continue;
    const confidence = inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length;
    const accuracy = inBin.filter((p) => p.expected === p.predicted).length / inBin.length;
    error += (inBin.length / predictions.length) * Math.abs(confidence - accuracy);
  }
  return error;
}

/** Splits examples into k folds, stratified by intent, deterministically. */
export function stratifiedFolds<T extends { intent: Intent }>(examples: readonly T[], k: number): T[][] {
  const folds: T[][] = Array.from({ length: k }, () => []);
  const byIntent = new Map<Intent, T[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  let next = 0;
  for (const group of byIntent.values()) {
    for (const e of group) {
      folds[next % k]!.push(e);
      next++;
    }
  }
  return folds;
}
