import { describe, expect, it } from 'vitest';
import { classifierFromModel, trainClassifier, type TrainedModel } from '../../intents/classifier.js';
import { ngramFeatures } from '../../intents/features.js';
import { INTENTS, type Intent } from '../../intents/labels.js';

const items: { words: string[]; intent: Intent }[] = [
  { words: ['apa', 'syarat', 'svc'], intent: 'ask_requirements' },
  { words: ['syarat', 'buat', 'svc', 'apa', 'saja'], intent: 'ask_requirements' },
  { words: ['berapa', 'biaya', 'svc'], intent: 'ask_fee' },
  { words: ['biaya', 'urus', 'svc', 'berapa'], intent: 'ask_fee' },
  { words: ['berapa', 'lama', 'proses', 'svc'], intent: 'ask_duration' },
  { words: ['lama', 'jadi', 'svc'], intent: 'ask_duration' },
  { words: ['cuaca', 'besok', 'bagaimana'], intent: 'out_of_scope' },
  { words: ['resep', 'masak', 'rendang'], intent: 'out_of_scope' },
];

/** What the model says for these words, computed the plain way: every feature of the message looked up. */
function reference(model: TrainedModel, words: string[]): Map<Intent, number> {
  const index = new Map(model.features.map((f, i) => [f, i]));
  const domain = new Set(model.domainWords);
  const ids = ngramFeatures(words).flatMap((f) => (index.has(f) ? [index.get(f)!] : []));
  for (const w of words) if (!domain.has(w)) ids.push(0);
  const scores = Array.from(model.bias);
  for (const id of ids) for (let c = 0; c < model.classes; c++) scores[c]! += model.weights[id * model.classes + c]!;
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return new Map(INTENTS.map((intent, i) => [intent, exp[i]! / sum]));
}

describe('intent classifier', () => {
  const model = trainClassifier(items, { l2: 0.0002, epochs: 15, learningRate: 0.5, minBigramCount: 1 }).exportModel();
  const messages = [
    ['syarat', 'svc', 'apa'],
    ['biaya', 'svc', 'berapa', 'ya'],
    ['berapa', 'lama', 'svc'],
    ['masak', 'apa', 'besok'],
    ['syaratt', 'buat', 'svc'],
    ['svc'],
    [],
  ];

  it('scores every feature of the message: its words, their 4-grams, bigrams and the unfamiliar words', () => {
    const classifier = classifierFromModel(model);
    for (const words of messages) {
      const expected = reference(model, words);
      for (const { intent, confidence } of classifier.classify(words)) expect(confidence).toBeCloseTo(expected.get(intent)!, 12);
    }
  });

  it('says the same of a message whether its words were seen before or not', () => {
    const warm = classifierFromModel(model);
    for (const words of messages) warm.classify(words);
    for (const words of [...messages].reverse()) {
      expect(warm.classify(words)).toEqual(classifierFromModel(model).classify(words));
    }
  });
});
