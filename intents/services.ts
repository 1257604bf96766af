import type { Service } from '../bot/catalogue/schema.js';
import { NO_LOOKALIKES, type Lookalikes } from './lexicon.js';
import type { Normaliser } from './normalise.js';
import { SpellingIndex } from './spelling.js';
import { ROOT_WORDS, isIndonesianWord, stem } from './stemmer.js';

/** A service named in a message: which one, which variant, and the word spans that named them. */
export interface ServiceMention {
  service: string;
  variant: string | null;
  /** [start, end) word positions of every service or variant alias found, for masking. */
  spans: Array<[number, number]>;
}

export interface ServiceRecogniser {
  /** Finds the service (and variant) named in normalised words; the first service named wins. */
  find(words: readonly string[]): ServiceMention | null;
}

export type CatalogueEntry = Pick<Service, 'id' | 'name' | 'aliases' | 'variants'>;

interface Pattern {
  words: string[];
  service: string;
  variant: string | null;
  /**
   * A variant alias that names its service on its own: it contains one of the service's aliases
   * (`kk hilang`, `e paspor`) or is a single distinctive word (`umkm`); not `hilang`, `tepat waktu`.
   */
  impliesService: boolean;
}

const POSSESSIVE = /(nya|ku|mu)$/;

/**
 * Recognises catalogue services from their aliases (service and variant aliases, multi-word too),
 * tolerating typos: a word unknown to Indonesian may differ from an alias word by one edit (alias
 * words of 4+ letters) or two (8+). Short aliases (kk, sim, kis, nib) match only as whole words, and a
 * real Indonesian word never fuzzily matches (`kata` is not `akta`, `simpan` is not `sim`).
 */
export function createServiceRecogniser(
  catalogue: readonly CatalogueEntry[],
  normaliser: Normaliser,
  lookalikes: Lookalikes = NO_LOOKALIKES,
): ServiceRecogniser {
  const patterns = buildPatterns(catalogue, normaliser);
  // By first word: find() looks at every word of every message, and most words start none of them.
  const notServices = new Map<string, string[][]>();
  for (const phrase of lookalikes.notServices.map((p) => normaliser.words(p))) {
    if (phrase.length > 0) notServices.set(phrase[0]!, [...(notServices.get(phrase[0]!) ?? []), phrase]);
  }
  const addressTerms = new Set(lookalikes.addressTerms);
  const addressAfter = new Set(lookalikes.addressAfter.flatMap((w) => normaliser.words(w)));
  const addressBefore = lookalikes.addressBefore.map((phrase) => normaliser.words(phrase)).filter((w) => w.length > 0);
  const byFirstWord = new Map<string, Pattern[]>();
  const aliasWords = new Set<string>();
  for (const p of patterns) {
    for (const w of p.words) aliasWords.add(w);
    const list = byFirstWord.get(p.words[0]!) ?? [];
    list.push(p);
    byFirstWord.set(p.words[0]!, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);

  const aliasSpelling = new SpellingIndex(new Map([...aliasWords].map((w) => [w, 1])));
  const aliasesByRoot = new Map<string, string[]>();
  for (const alias of aliasWords) {
    const root = stem(alias);
    if (root.length >= 4 && ROOT_WORDS.has(root)) aliasesByRoot.set(root, [...(aliasesByRoot.get(root) ?? []), alias]);
  }

  const readingsCache = new Map<string, string[]>();
  /** The alias words a message word may stand for: itself, its root's forms, or (if not Indonesian) near spellings. */
  function readings(word: string): string[] {
    let found = readingsCache.get(word);
    if (found) return found;
    const candidates = new Set<string>();
    const bare = word.length > 5 ? word.replace(POSSESSIVE, '') : word;
    for (const w of [word, bare]) if (aliasWords.has(w)) candidates.add(w);
    for (const alias of aliasesByRoot.get(stem(word)) ?? []) candidates.add(alias);
    if (!isIndonesianWord(word)) for (const alias of aliasSpelling.near(word)) candidates.add(alias);
    found = [...candidates];
    if (readingsCache.size > 50_000) readingsCache.clear();
    readingsCache.set(word, found);
    return found;
  }

  /** The longest aliases matching at word i (several when services share an alias). */
  function matchAt(words: readonly string[], i: number): { patterns: Pattern[]; length: number } | null {
    let best: { patterns: Pattern[]; length: number } | null = null;
    for (const reading of readings(words[i]!)) {
      for (const pattern of byFirstWord.get(reading) ?? []) {
        if (best && best.length > pattern.words.length) continue;
        let ok = true;
        for (let k = 1; k < pattern.words.length && ok; k++) {
          const w = words[i + k];
          ok = w !== undefined && readings(w).includes(pattern.words[k]!);
        }
        if (!ok) continue;
        if (best && best.length === pattern.words.length) best.patterns.push(pattern);
        else best = { patterns: [pattern], length: pattern.words.length };
      }
    }
    return best;
  }

  /** The length of a phrase that looks like a service but is not one, starting at word i; 0 when none. */
  function notServiceAt(words: readonly string[], i: number): number {
    const phrases = notServices.get(words[i]!);
    if (!phrases) return 0;
    for (const phrase of phrases) {
      let k = 1;
      while (k < phrase.length && words[i + k] === phrase[k]) k++;
      if (k === phrase.length) return k;
    }
    return 0;
  }

  /** `halo kk`, `makasih kk`, `kk mau tanya`: kk is kakak here, not Kartu Keluarga. */
  function addressesSomeone(words: readonly string[], i: number): boolean {
    if (!addressTerms.has(words[i]!)) return false;
    const before = words[i - 1];
    if (before !== undefined) return addressAfter.has(before);
    return addressBefore.some((phrase) => phrase.every((w, k) => words[i + 1 + k] === w));
  }

  return {
    find(words) {
      const spans: Array<[number, number]> = [];
      const found: Pattern[] = [];
      for (let i = 0; i < words.length; ) {
        const lookalike = notServiceAt(words, i);
        if (lookalike > 0) {
          i += lookalike;
          continue;
        }
        const match = matchAt(words, i);
        if (!match || (match.length === 1 && addressesSomeone(words, i))) {
          i++;
          continue;
        }
        spans.push([i, i + match.length]);
        found.push(...match.patterns);
        i += match.length;
      }
      const named = found.find((p) => p.variant === null || p.impliesService);
      if (!named) return null;
      const variant = found.find((p) => p.service === named.service && p.variant !== null)?.variant ?? null;
      return { service: named.service, variant, spans };
    },
  };
}

function buildPatterns(catalogue: readonly CatalogueEntry[], normaliser: Normaliser): Pattern[] {
  const patterns: Pattern[] = [];
  const owners = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const add = (text: string, service: string, variant: string | null): void => {
    const words = normaliser.words(text);
    if (words.length === 0) return;
    // A multi-word alias may be written as one word (ektp, aktakelahiran).
    const forms = words.length > 1 ? [words, [words.join('')]] : [words];
    for (const form of forms) {
      const key = form.join(' ');
      const id = `${key}|${service}|${variant ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      owners.set(key, (owners.get(key) ?? new Set()).add(service));
      patterns.push({ words: form, service, variant, impliesService: false });
    }
  };
  for (const s of catalogue) {
    for (const alias of [s.id, s.name, ...s.aliases]) add(alias, s.id, null);
    for (const v of s.variants) for (const alias of v.aliases) add(alias, s.id, v.id);
  }
  const serviceAliases = new Map<string, string[]>();
  for (const p of patterns) {
    if (p.variant === null) serviceAliases.set(p.service, [...(serviceAliases.get(p.service) ?? []), ` ${p.words.join(' ')} `]);
  }
  for (const p of patterns) {
    if (p.variant === null) continue;
    const text = ` ${p.words.join(' ')} `;
    const containsServiceAlias = (serviceAliases.get(p.service) ?? []).some((alias) => text.includes(alias));
    const distinctiveWord = p.words.length === 1 && !isIndonesianWord(p.words[0]!) && owners.get(p.words[0]!)!.size === 1;
    p.impliesService = containsServiceAlias || distinctiveWord;
  }
  return patterns;
}
