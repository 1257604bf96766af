import { owned } from '../bot/kept-strings.js';
import type { Lexicon } from './lexicon.js';
import { SpellingIndex } from './spelling.js';
import { ROOT_WORDS, stem } from './stemmer.js';

/**
 * Turns an informal Indonesian chat message into standard lower-case words:
 * `Gmn cara ngurus akte2 anak sy??? 🙏` → `bagaimana cara urus akta anak saya`.
 *
 * Steps: Unicode clean-up and lower case; URLs, emoji and punctuation out; dotted acronyms joined
 * (s.k.c.k → skck); reduplication folded (syarat2, syarat-syarat → syarat); numbers split from units
 * (50rb → 50 ribu, 2x24 → 2 kali 24). Then each word that is neither known vocabulary nor Indonesian:
 * stretched letters squeezed (tolongggg → tolong), colloquial affixes undone (ngurus → urus,
 * daftarin → daftarkan), or else typos corrected towards the vocabulary (persyaratn → persyaratan).
 * Finally the slang lexicon, data/lexicon/slang.json (words and phrases, longest first).
 */
export interface Normaliser {
  /** The normalised words of a message. */
  words(text: string): string[];
  /** The normalised message as one string. */
  normalise(text: string): string;
}

export interface NormaliserOptions {
  lexicon: Lexicon;
  /** Words the rest of the system knows (training phrases, service aliases) → how often they occur. */
  vocabulary?: ReadonlyMap<string, number>;
}

const SUFFIXES = '(nya|an|ku|mu|lah|kah)?';
const REDUPLICATED_HYPHEN = new RegExp(`^(\\p{L}{2,})-\\1${SUFFIXES}$`, 'u');
const REDUPLICATED_TWO = new RegExp(`^(\\p{L}{3,})2${SUFFIXES}$`, 'u');
const MAX_PHRASE = 3;

export function createNormaliser({ lexicon, vocabulary = new Map() }: NormaliserOptions): Normaliser {
  const known = new Set<string>(vocabulary.keys());
  // Typos are corrected towards these; short slang is left out (`game` is not a typo of `gawe`).
  const targets = new Map<string, number>(vocabulary);
  for (const [from, to] of lexicon) {
    if (!from.includes(' ')) known.add(from);
    if (!from.includes(' ') && from.length >= 5) targets.set(from, targets.get(from) ?? 1);
    for (const w of to) {
      known.add(w);
      targets.set(w, targets.get(w) ?? 1);
    }
  }
  const spelling = new SpellingIndex(targets);
  // Taken as written: words of the vocabulary, the lexicon, the root list, and words derived from a
  // root of 4+ letters (`datanya`); a shorter root is too easily reached by a typo (`giman` → gim).
  const isKnown = (w: string): boolean => known.has(w) || ROOT_WORDS.has(w) || isSolidlyDerived(w);
  const phraseStarts = new Set([...lexicon.keys()].filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]!));

  const canonicalCache = new Map<string, string>();
  function canonical(token: string): string {
    let result = canonicalCache.get(token);
    if (result === undefined) {
      result = repairWord(token, isKnown, (w) => known.has(w), spelling);
      if (canonicalCache.size > 50_000) canonicalCache.clear();
      // A copy of its own: a long token may be a cut of the message, which the cache would keep alive.
      canonicalCache.set(owned(token), result);
    }
    return result;
  }

  function words(text: string): string[] {
    const tokens = tokenise(text).map((t) => (/^\p{L}+$/u.test(t) ? canonical(t) : t));
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = false;
      if (phraseStarts.has(tokens[i]!)) {
        for (let n = Math.min(MAX_PHRASE, tokens.length - i); n >= 2 && !matched; n--) {
          const replacement = lexicon.get(tokens.slice(i, i + n).join(' '));
          if (replacement) {
            out.push(...replacement);
            i += n;
            matched = true;
          }
        }
      }
      if (matched) continue;
      const token = tokens[i]!;
      out.push(...(lexicon.get(token) ?? [token]));
      i++;
    }
    return out;
  }

  function foldReduplication(token: string): string[] {
    // Most words have neither a hyphen nor a 2: nothing to fold or split.
    if (!token.includes('-') && !token.includes('2')) return [token];
    const m = REDUPLICATED_HYPHEN.exec(token) ?? REDUPLICATED_TWO.exec(token);
    if (!m) return token.split('-').filter(Boolean);
    const base = m[1]!;
    const words = [...(lexicon.get(`${base}-${base}`) ?? [base])];
    if (m[2] && words.length > 0) words.push(`${words.pop()!}${m[2]}`);
    return words;
  }

  function tokenise(text: string): string[] {
    // Unicode folding (accents off, compatibility forms) changes nothing in plain ASCII, most messages.
    const folded = NON_ASCII.test(text) ? text.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC') : text;
    // Each clean-up step runs only when the message has the character it looks for (most have none).
    let cleaned = folded.toLowerCase();
    if (cleaned.includes('@') || cleaned.includes('://') || cleaned.includes('www.')) cleaned = cleaned.replace(/(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+/g, ' ');
    if (/['’`]/.test(cleaned)) cleaned = cleaned.replace(/(\p{L})['’`](\p{L})/gu, '$1$2');
    if (cleaned.includes('.')) cleaned = cleaned.replace(/\b(?:\p{L}\.){2,}(?:\p{L}\b\.?)?/gu, (m) => m.replace(/\./g, '') + ' ');
    if (cleaned.includes('.') || cleaned.includes(',')) cleaned = cleaned.replace(/(\d)[.,](?=\d{3}\b)/g, '$1');
    cleaned = cleaned.replace(/[^\p{L}\p{N}-]+/gu, ' ');
    const tokens: string[] = [];
    for (const raw of cleaned.split(' ')) {
      if (!raw || raw === '-') continue;
      for (const part of foldReduplication(raw)) {
        if (HAS_DIGIT.test(part)) tokens.push(...splitNumber(part));
        else tokens.push(part);
      }
    }
    return tokens;
  }

  return { words, normalise: (text) => words(text).join(' ') };
}

const NON_ASCII = /[^\x00-\x7f]/;
/** splitNumber only changes words with a digit in them. */
const HAS_DIGIT = /\d/;

function isSolidlyDerived(word: string): boolean {
  const root = stem(word);
  return root.length >= 4 && ROOT_WORDS.has(root);
}

/** `50rb` → 50 rb, `3hari` → 3 hari, `2x` → 2 kali, `50k` → 50 ribu, `jam8` → jam 8; codes like `b1` stay whole. */
function splitNumber(token: string): string[] {
  let m = /^(\d+)x(\d*)$/.exec(token);
  if (m) return m[2] ? [m[1]!, 'kali', m[2]] : [m[1]!, 'kali'];
  m = /^(\d+)k$/.exec(token);
  if (m) return [m[1]!, 'ribu'];
  m = /^(\d+)(\p{L}{2,})$/u.exec(token) ?? /^(\p{L}{2,})(\d+)$/u.exec(token);
  if (m) return [m[1]!, m[2]!];
  return [token];
}

function repairWord(
  token: string,
  isKnown: (w: string) => boolean,
  isFamiliar: (w: string) => boolean,
  spelling: SpellingIndex,
): string {
  if (token.length < 3 || isKnown(token)) return token;
  const squeezed = squeezeRepeats(token, isKnown);
  if (isKnown(squeezed)) return squeezed;
  const formal = undoInformalAffixes(squeezed, isFamiliar);
  if (formal) return formal;
  return spelling.correct(squeezed) ?? squeezed;
}

/**
 * `tolongggg` → tolong, `maaaaf` → maaf, `kakk` → kak. Each run of a repeated letter may stand for one
 * or two letters; the first combination the vocabulary knows wins, else runs of three or more become one.
 */
function squeezeRepeats(token: string, isKnown: (w: string) => boolean): string {
  const runs = [...token.matchAll(/(\p{L})\1+/gu)];
  if (runs.length === 0) return token;
  const considered = runs.slice(0, 6);
  for (let mask = 0; mask < 1 << considered.length; mask++) {
    let candidate = '';
    let last = 0;
    considered.forEach((run, k) => {
      candidate += token.slice(last, run.index) + run[1]!.repeat(mask & (1 << k) ? 1 : 2);
      last = run.index! + run[0].length;
    });
    candidate += token.slice(last);
    if (isKnown(candidate)) return candidate;
  }
  return token.replace(/(\p{L})\1{2,}/gu, '$1');
}

/**
 * Colloquial (Jakarta) affixes the formal stemmer does not know: nasal prefixes (ngurus → urus,
 * nyari → cari, nanya → tanya, ngecek → cek), the ke- passive (kepotong → terpotong) and the -in
 * suffix (daftarin → daftarkan, diurusin → diuruskan). Only accepted when a root word is left.
 */
function undoInformalAffixes(token: string, isFamiliar: (w: string) => boolean): string | null {
  const informal = /^(\p{L}{3,})in(nya)?$/u.exec(token);
  const body = informal ? informal[1]! : token;
  const suffix = informal ? `kan${informal[2] ?? ''}` : '';
  if (informal && (ROOT_WORDS.has(body) || (body.startsWith('di') && ROOT_WORDS.has(body.slice(2))))) return body + suffix;
  // nyari may be cari or sari: prefer the reading whose root the vocabulary uses.
  const readings = colloquialPrefixes(body).filter(({ root }) => root.length >= 3 && ROOT_WORDS.has(root));
  const formal = readings.find(({ root }) => isFamiliar(root)) ?? readings[0];
  return formal ? formal.word + suffix : null;
}

/** Readings of a word with a colloquial prefix: the formal word and its root. */
function colloquialPrefixes(word: string): Array<{ word: string; root: string }> {
  const readings: Array<{ word: string; root: string }> = [];
  const add = (root: string, formal = root): void => {
    readings.push({ word: formal, root });
  };
  if (word.startsWith('ke')) add(word.slice(2), `ter${word.slice(2)}`);
  if (word.startsWith('nge')) add(word.slice(3));
  if (word.startsWith('ng')) {
    add(word.slice(2));
    add(`k${word.slice(2)}`);
  }
  if (word.startsWith('ny')) {
    add(`c${word.slice(2)}`);
    add(`s${word.slice(2)}`);
  }
  if (/^n[aiueo]/.test(word)) add(`t${word.slice(1)}`);
  return readings;
}
