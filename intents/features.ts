import type { ServiceMention } from './services.js';
import { stem } from './stemmer.js';

/** Stands for any recognised service, so that intents generalise across services. */
export const SERVICE_TOKEN = 'svc';
export const NUMBER_TOKEN = '#num';

/**
 * The words the classifier sees: service mentions masked (`cara bikin paspor` → `cara buat svc`, which
 * `cara masak rendang` is not), numbers folded, the rest stemmed.
 */
export function classifierWords(words: readonly string[], mention: ServiceMention | null): string[] {
  const out: string[] = [];
  const spans = mention?.spans ?? [];
  let s = 0;
  for (let i = 0; i < words.length; i++) {
    const span = spans[s];
    if (span && i >= span[0]) {
      out.push(SERVICE_TOKEN);
      i = span[1] - 1;
      s++;
      continue;
    }
    const w = words[i]!;
    out.push(/^\d+$/.test(w) ? NUMBER_TOKEN : stem(w));
  }
  return out;
}

const CHAR_GRAM = 4;

/**
 * Features of one message: each word, its character 4-grams (so a typo the normaliser could not repair
 * still shares most of its features with the word meant), and word bigrams with start and end markers
 * (which help short messages). Bigrams are the only features with a space in them.
 */
export function ngramFeatures(stems: readonly string[]): string[] {
  const features: string[] = [];
  eachFeature(
    stems,
    (word) => features.push(...wordFeatures(word)),
    (pair) => features.push(pair),
  );
  return features;
}

/**
 * The features of a message in their order, as ngramFeatures lists them: for each stem its own features
 * (`word`, which gets the stem; see wordFeatures) then the bigram ending at it (`pair`), and the bigram
 * that ends the message. For callers that look a word's features up once (the classifier's cache).
 */
export function eachFeature(stems: readonly string[], word: (stem: string) => void, pair: (bigram: string) => void): void {
  let previous = '<s>';
  for (const s of stems) {
    word(s);
    pair(`${previous} ${s}`);
    previous = s;
  }
  pair(`${previous} </s>`);
}

/** A word's own features: the word, and its character 4-grams unless it is short or a token. */
export function wordFeatures(word: string): string[] {
  if (word.length < CHAR_GRAM || word === SERVICE_TOKEN || word === NUMBER_TOKEN) return [word];
  const features = [word];
  const padded = `<${word}>`;
  for (let i = 0; i + CHAR_GRAM <= padded.length; i++) features.push(`~${padded.slice(i, i + CHAR_GRAM)}`);
  return features;
}
