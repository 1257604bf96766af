import { createRequire } from 'node:module';

/**
 * Sastrawi's Indonesian stemmer as ported in `natural`. Only this submodule is loaded: the package root
 * pulls in database drivers and dotenv. natural is CommonJS without types for this path, hence require.
 * natural's Indonesian stopword list is deliberately not used: it removes berapa, lama, bagaimana, cara,
 * apa, kapan, mau — the very words that carry intent here.
 */
const require = createRequire(import.meta.url);
const sastrawi = require('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as {
  stem(word: string): string;
};
const rootWords = require('natural/lib/natural/stemmers/indonesian/data/kata-dasar.json') as string[];

/** Indonesian root words (Sastrawi's kata dasar). */
export const ROOT_WORDS: ReadonlySet<string> = new Set(rootWords.filter((w) => /^[a-z]+$/.test(w)));

const cache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

/** Root of an Indonesian word (`persyaratannya` → `syarat`); words it does not know come back unchanged. */
export function stem(word: string): string {
  let root = cache.get(word);
  if (root === undefined) {
    // The stemmer strips affixes from anything; digits and very short tokens are left alone.
    root = word.length < 4 || /\d/.test(word) ? word : sastrawi.stem(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, root);
  }
  return root;
}

/** A word Indonesian knows: a root, or something the stemmer reduces to a root. */
export function isIndonesianWord(word: string): boolean {
  return ROOT_WORDS.has(word) || ROOT_WORDS.has(stem(word));
}
