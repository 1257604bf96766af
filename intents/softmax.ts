/**
 * Multinomial logistic regression (softmax with L2) on sparse binary features, fitted by AdaGrad
 * stochastic gradient descent over a fixed, seeded order of examples (so training is deterministic).
 *
 * Written here rather than taken from natural: its BayesClassifier yields scores that are not
 * calibrated probabilities (the dialog acts on confidence thresholds), and its
 * LogisticRegressionClassifier trains one-vs-rest by batch gradient descent, far too slowly to train at
 * start. A full-batch L-BFGS fit of this same objective gave the same accuracy and calibration on our
 * data at four times the cost, so AdaGrad it is: 15 passes over ~2,000 phrases take 100–200 ms here.
 */
type Vector = Float64Array<ArrayBuffer>;

export interface SparseExample {
  /** Feature ids; repeated ids count more than once. */
  features: Int32Array;
  label: number;
}

export interface SoftmaxOptions {
  /** L2 penalty on the weights (not the biases), per example, as in mean loss + l2/2·‖w‖². */
  l2: number;
  epochs: number;
  /** AdaGrad base learning rate. */
  learningRate: number;
}

export class SoftmaxModel {
  /** `weights[f * classes + c]`; the bias sits in `bias[c]`. */
  constructor(
    readonly classes: number,
    readonly features: number,
    readonly weights: Vector,
    readonly bias: Vector,
  ) {}

  /** Class probabilities for one example. */
  probabilities(featureIds: ArrayLike<number>, out: Vector = new Float64Array(this.classes)): Vector {
    return softmaxInPlace(scoresInto(out, this.weights, this.bias, featureIds, this.classes));
  }
}

function scoresInto(out: Vector, weights: Vector, bias: Vector, featureIds: ArrayLike<number>, classes: number): Vector {
  out.set(bias);
  for (let i = 0; i < featureIds.length; i++) {
    const base = featureIds[i]! * classes;
    for (let c = 0; c < classes; c++) out[c]! += weights[base + c]!;
  }
  return out;
}

function softmaxInPlace(z: Vector): Vector {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) if (z[c]! > max) max = z[c]!;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}

export function trainSoftmax(
  examples: readonly SparseExample[],
  classes: number,
  features: number,
  { l2, epochs, learningRate }: SoftmaxOptions,
): SoftmaxModel {
  const weights: Vector = new Float64Array(features * classes);
  const bias: Vector = new Float64Array(classes);
  // AdaGrad's running sums of squared gradients (tiny start avoids dividing by zero).
  const weightHistory = new Float64Array(features * classes).fill(1e-8);
  const biasHistory = new Float64Array(classes).fill(1e-8);
  // The penalty is spread over a feature's occurrences, so that one pass applies it in full once.
  const occurrences = new Float64Array(features);
  for (const ex of examples) for (const f of ex.features) occurrences[f]! += 1;
  const n = examples.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(0x1a7a41);
  const p: Vector = new Float64Array(classes);

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { features: ids, label } = examples[i]!;
      softmaxInPlace(scoresInto(p, weights, bias, ids, classes));
      p[label]! -= 1; // now the gradient of the log loss w.r.t. the scores
      for (let j = 0; j < ids.length; j++) {
        const f = ids[j]!;
        const base = f * classes;
        const penalty = (l2 * n) / occurrences[f]!;
        for (let c = 0; c < classes; c++) {
          const k = base + c;
          const g = p[c]! + penalty * weights[k]!;
          weightHistory[k]! += g * g;
          weights[k]! -= (learningRate * g) / Math.sqrt(weightHistory[k]!);
        }
      }
      for (let c = 0; c < classes; c++) {
        biasHistory[c]! += p[c]! * p[c]!;
        bias[c]! -= (learningRate * p[c]!) / Math.sqrt(biasHistory[c]!);
      }
    }
  }
  return new SoftmaxModel(classes, features, weights, bias);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
