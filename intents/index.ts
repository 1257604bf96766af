import { join } from 'node:path';
import type { Service } from '../bot/catalogue/schema.js';
import { DEFAULT_CLASSIFIER_OPTIONS, classifierFromModel, trainClassifier, type ClassifierOptions, type TrainedModel } from './classifier.js';
import { classifierWords } from './features.js';
import { loadLexicon, loadLookalikes } from './lexicon.js';
import { createNormaliser } from './normalise.js';
import { createServiceRecogniser } from './services.js';
import { loadTrainingSet, type Example } from './training.js';
import type { Nlu, ScoredIntent, Understanding } from './types.js';

export type { Nlu, Understanding } from './types.js';

export interface NluOptions {
  catalogue: readonly Service[];
  /** The data folder: reads lexicon/slang.json, lexicon/lookalikes.json and intents/train/*.txt. */
  dataDir: string;
  /** Train on these instead of data/intents/train (cross-validation). */
  examples?: readonly Example[];
  classifier?: ClassifierOptions;
  /** A model already trained on the same data (e.g. in a worker thread at start): no training here. */
  model?: TrainedModel;
}

export type { TrainedModel } from './classifier.js';

export interface TrainedNlu extends Nlu {
  model(): TrainedModel;
}

/** Confidence given to a message in which nothing is familiar: no known word, no service. */
const UNFAMILIAR_CONFIDENCE = 0.95;
const RANKING_SIZE = 3;

/** Builds the understanding layer: normaliser, service recogniser, and an intent model trained now. */
export function createNlu(options: NluOptions): TrainedNlu {
  const lexicon = loadLexicon(options.dataDir);
  const examples = options.examples ?? loadTrainingSet(join(options.dataDir, 'intents', 'train'));
  const normaliser = createNormaliser({ lexicon, vocabulary: vocabularyOf(examples, options.catalogue) });
  const services = createServiceRecogniser(options.catalogue, normaliser, loadLookalikes(options.dataDir));

  const read = (text: string) => {
    const words = normaliser.words(text);
    const mention = services.find(words);
    return { words, mention, features: classifierWords(words, mention) };
  };
  const classifier = options.model
    ? classifierFromModel(options.model)
    : trainClassifier(
        examples.map((e) => ({ words: read(e.text).features, intent: e.intent })),
        options.classifier ?? DEFAULT_CLASSIFIER_OPTIONS,
      );

  return {
    model: () => classifier.exportModel(),
    understand(text: string): Understanding {
      const { words, mention, features } = read(text);
      let ranking = classifier.classify(features);
      if (classifier.knownWords(features) === 0) ranking = unfamiliar(ranking);
      const best = ranking[0]!;
      return {
        normalised: words.join(' '),
        intent: best.intent,
        confidence: best.confidence,
        ranking: ranking.slice(0, RANKING_SIZE),
        service: mention?.service ?? null,
        variant: mention?.variant ?? null,
      };
    },
  };
}

/** Nothing in the message is known vocabulary (gibberish, another language): out of scope, confidently. */
function unfamiliar(ranking: ScoredIntent[]): ScoredIntent[] {
  const others = ranking.filter((r) => r.intent !== 'out_of_scope');
  const rest = others.reduce((sum, r) => sum + r.confidence, 0) || 1;
  return [
    { intent: 'out_of_scope', confidence: UNFAMILIAR_CONFIDENCE },
    ...others.map((r) => ({ intent: r.intent, confidence: ((1 - UNFAMILIAR_CONFIDENCE) * r.confidence) / rest })),
  ];
}

/** Raw words of the training phrases and service aliases: what typos get corrected towards. */
function vocabularyOf(examples: readonly Example[], catalogue: readonly Service[]): Map<string, number> {
  const counts = new Map<string, number>();
  const texts = [
    ...examples.map((e) => e.text),
    ...catalogue.flatMap((s) => [s.name, ...s.aliases, ...s.variants.flatMap((v) => [v.name, ...v.aliases])]),
  ];
  for (const text of texts) {
    for (const w of text.toLowerCase().split(/[^\p{L}]+/u)) if (w.length >= 2) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}
