import { describe, expect, it } from 'vitest';
import { trainSoftmax } from '../../intents/softmax.js';

describe('softmax regression', () => {
  // Three classes, each marked by its own feature; feature 3 is noise shared by all.
  const examples = [0, 1, 2].flatMap((label) =>
    Array.from({ length: 10 }, (_, i) => ({ features: Int32Array.from(i % 2 ? [label, 3] : [label]), label })),
  );

  it('learns separable classes with probabilities that sum to one', () => {
    const model = trainSoftmax(examples, 3, 4, { l2: 0.001, epochs: 30, learningRate: 0.5 });
    for (const label of [0, 1, 2]) {
      const p = model.probabilities([label]);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      expect(Math.max(...p)).toBe(p[label]);
      expect(p[label]).toBeGreaterThan(0.9);
    }
  });

  it('stays uncertain about what it has no evidence for', () => {
    const model = trainSoftmax(examples, 3, 4, { l2: 0.001, epochs: 30, learningRate: 0.5 });
    for (const p of model.probabilities([3])) expect(p).toBeCloseTo(1 / 3, 1);
  });

  it('is less confident with a stronger L2 penalty', () => {
    const loose = trainSoftmax(examples, 3, 4, { l2: 0.0001, epochs: 30, learningRate: 0.5 }).probabilities([0]);
    const tight = trainSoftmax(examples, 3, 4, { l2: 0.1, epochs: 30, learningRate: 0.5 }).probabilities([0]);
    expect(tight[0]).toBeLessThan(loose[0]!);
  });

  it('is deterministic', () => {
    const a = trainSoftmax(examples, 3, 4, { l2: 0.01, epochs: 30, learningRate: 0.5 });
    const b = trainSoftmax(examples, 3, 4, { l2: 0.01, epochs: 30, learningRate: 0.5 });
    expect([...a.weights]).toEqual([...b.weights]);
  });
});
