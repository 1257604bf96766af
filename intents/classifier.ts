import { INTENTS, type Intent } from './labels.js';
import { BoundedMap } from '../bot/bounded-map.js';
import { owned } from '../bot/kept-strings.js';
import { eachFeature, ngramFeatures, wordFeatures } from './features.js';
import { SoftmaxModel, trainSoftmax, type SoftmaxOptions, type SparseExample } from './softmax.js';
import type { ScoredIntent } from './types.js';

/** Stands for a word unfamiliar to public-service talk; several suggest an out-of-scope message. */
const UNFAMILIAR = '#unfamiliar';
const UNFAMILIAR_ID = 0;

export interface ClassifierOptions extends SoftmaxOptions {
  /** Bigrams seen in fewer training phrases are left out (unigrams are always kept). */
  minBigramCount: number;
}

/** Chosen by cross-validation on the training phrases (npm run eval prints it), not on the dev set. */
export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { l2: 0.0002, epochs: 15, learningRate: 0.5, minBigramCount: 2 };

export interface TrainingItem {
  /** Classifier words (see classifierWords). */
  words: readonly string[];
  intent: Intent;
}

export interface IntentClassifier {
  /** Every intent with its probability, most likely first. */
  classify(words: readonly string[]): ScoredIntent[];
  /** How many of these words the model has features for. */
  knownWords(words: readonly string[]): number;
  /** The trained model as plain data (structured-clone friendly: it crosses a worker boundary). */
  exportModel(): TrainedModel;
}

export interface TrainedModel {
  classes: number;
  /** Feature names in id order. */
  features: string[];
  weights: Float64Array<ArrayBuffer>;
  bias: Float64Array<ArrayBuffer>;
  domainWords: string[];
}

export function classifierFromModel(model: TrainedModel): IntentClassifier {
  const index = new Map(model.features.map((f, i) => [f, i]));
  return new Classifier(new SoftmaxModel(model.classes, model.features.length, model.weights, model.bias), index, new Set(model.domainWords));
}

export function trainClassifier(
  items: readonly TrainingItem[],
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): IntentClassifier {
  // In how many in-scope phrases each word occurs: the service vocabulary.
  const domainCounts = new Map<string, number>();
  for (const item of items) {
    if (item.intent === 'out_of_scope') continue;
    for (const w of new Set(item.words)) domainCounts.set(w, (domainCounts.get(w) ?? 0) + 1);
  }

  const featureLists = items.map((item) => ngramFeatures(item.words));
  const featureCounts = new Map<string, number>();
  for (const features of featureLists) {
    for (const f of new Set(features)) featureCounts.set(f, (featureCounts.get(f) ?? 0) + 1);
  }
  const index = new Map<string, number>([[UNFAMILIAR, UNFAMILIAR_ID]]);
  for (const [f, count] of featureCounts) {
    if (!f.includes(' ') || count >= options.minBigramCount) index.set(f, index.size);
  }
  const labelOf = new Map<Intent, number>(INTENTS.map((intent, i) => [intent, i]));
  const examples: SparseExample[] = items.map((item, i) => {
    // A word outside the service vocabulary counts as unfamiliar; in an in-scope phrase, so does a word
    // no other in-scope phrase has (leave-one-out), so the model also sees in-scope messages with a new word.
    const ownCount = item.intent === 'out_of_scope' ? 0 : 1;
    const unfamiliar = item.words.filter((w) => (domainCounts.get(w) ?? 0) <= ownCount).length;
    return { features: Int32Array.from(encode(index, featureLists[i]!, unfamiliar)), label: labelOf.get(item.intent)! };
  });
  const model = trainSoftmax(examples, INTENTS.length, index.size, options);
  return new Classifier(model, index, new Set(domainCounts.keys()));
}

function encode(index: ReadonlyMap<string, number>, features: readonly string[], unfamiliar: number): number[] {
  const ids: number[] = [];
  for (const f of features) {
    const id = index.get(f);
    if (id !== undefined) ids.push(id);
  }
  return withUnfamiliar(ids, unfamiliar);
}

/** `ids` with the unfamiliar-word feature added once per unfamiliar word, as the model was trained. */
function withUnfamiliar(ids: number[], unfamiliar: number): number[] {
  for (let i = 0; i < unfamiliar; i++) ids.push(UNFAMILIAR_ID);
  return ids;
}

/** Words whose feature ids a classifier keeps at hand (a word's ids never change; about 100 bytes each). */
const WORD_CACHE_SIZE = 20_000;

class Classifier implements IntentClassifier {
  private readonly scratch: Float64Array<ArrayBuffer>;
  /** A word's own features (wordFeatures) as the ids the model knows, in the same order. */
  private readonly wordIds = new BoundedMap<string, readonly number[]>(WORD_CACHE_SIZE);

  constructor(
    private readonly model: SoftmaxModel,
    private readonly index: ReadonlyMap<string, number>,
    private readonly domainWords: ReadonlySet<string>,
  ) {
    this.scratch = new Float64Array(model.classes);
  }

  knownWords(words: readonly string[]): number {
    return words.filter((w) => this.index.has(w)).length;
  }

  exportModel(): TrainedModel {
    const features: string[] = [];
    for (const [name, id] of this.index) features[id] = name;
    const { classes, weights, bias } = this.model;
    return { classes, features, weights, bias, domainWords: [...this.domainWords] };
  }

  classify(words: readonly string[]): ScoredIntent[] {
    const p = this.model.probabilities(this.featureIds(words), this.scratch);
    return INTENTS.map((intent, i) => ({ intent, confidence: p[i]! })).sort((a, b) => b.confidence - a.confidence);
  }

  /**
   * encode(index, ngramFeatures(words), unfamiliar), with each word's own ids from the cache: the same
   * ids in the same order, without building the character 4-grams of words seen before.
   */
  private featureIds(words: readonly string[]): number[] {
    const ids: number[] = [];
    eachFeature(
      words,
      (word) => {
        let own = this.wordIds.get(word);
        // The key is a copy of its own: a long word may be a cut of the message, which it would keep alive.
        if (own === undefined) this.wordIds.set(owned(word), (own = encode(this.index, wordFeatures(word), 0)));
        for (const id of own) ids.push(id);
      },
      (pair) => {
        const id = this.index.get(pair);
        if (id !== undefined) ids.push(id);
      },
    );
    return withUnfamiliar(ids, words.filter((w) => !this.domainWords.has(w)).length);
  }
}
