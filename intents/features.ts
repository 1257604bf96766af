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
  let previous = START;
  for (const s of stems) {
    features.push(...wordFeatures(s), bigram(previous, s));
    previous = s;
  }
  features.push(bigram(previous, END));
  return features;
}

/** The markers bigrams have at the start and end of a message. */
export const START = '<s>';
export const END = '</s>';

export function bigram(first: string, second: string): string {
  return `${first} ${second}`;
}

/** A word's own features: the word, and its character 4-grams unless it is short or a token. */
export function wordFeatures(word: string): string[] {
  if (word.length < CHAR_GRAM || word === SERVICE_TOKEN || word === NUMBER_TOKEN) return [word];
  const features = [word];
  const padded = `<${word}>`;
  for (let i = 0; i + CHAR_GRAM <= padded.length; i++) features.push(`~${padded.slice(i, i + CHAR_GRAM)}`);
  return features;
}
