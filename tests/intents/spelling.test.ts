import { describe, expect, it } from 'vitest';
import { SpellingIndex, allowedEdits, editDistance } from '../../intents/spelling.js';
import { ROOT_WORDS } from '../../intents/stemmer.js';

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function typo(word: string, next: () => number): string {
  const at = Math.floor(next() * word.length);
  const letter = LETTERS[Math.floor(next() * LETTERS.length)]!;
  switch (Math.floor(next() * 4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + letter + word.slice(at);
    case 2:
      return word.slice(0, at) + letter + word.slice(at + 1);
    default:
      return at + 1 < word.length ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word;
  }
}

/** What the index must find: every known word within the edits allowed for the shorter of the two. */
function nearByScan(words: string[], token: string): string[] {
  if (allowedEdits(token.length) === 0) return [];
  return words
    .filter((w) => w.length >= 3)
    .map((word) => ({ word, allowed: allowedEdits(Math.min(token.length, word.length)) }))
    .map(({ word, allowed }) => ({ word, distance: allowed > 0 ? editDistance(token, word, allowed) : Infinity, allowed }))
    .filter(({ distance, allowed }) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance || (a.word < b.word ? -1 : 1))
    .map(({ word }) => word);
}

describe('spelling index', () => {
  const next = random(20261124);
  const words = [...ROOT_WORDS].filter(() => next() < 0.15);
  const frequency = new Map(words.map((w, i) => [w, (i * 7919) % 13]));
  const index = new SpellingIndex(frequency);

  it('finds exactly the known words a full scan finds, for one and two typos', () => {
    expect(words.length).toBeGreaterThan(500);
    const tokens = Array.from({ length: 400 }, () => {
      const word = words[Math.floor(next() * words.length)]!;
      const once = typo(word, next);
      return word.length >= 8 && next() < 0.5 ? typo(once, next) : once;
    });
    let found = 0;
    for (const token of tokens) {
      const expected = nearByScan(words, token);
      expect(index.near(token), token).toEqual(expected);
      found += expected.length;
    }
    // Most typos are near something, so the comparison is not between empty lists.
    expect(found).toBeGreaterThan(tokens.length / 2);
  });

  it('corrects to the closest word, the more common one on a tie', () => {
    const tie = new SpellingIndex(
      new Map([
        ['pajak', 1],
        ['pajar', 9],
        ['persyaratan', 3],
      ]),
    );
    expect(tie.correct('persyaratn')).toBe('persyaratan');
    expect(tie.correct('pajat')).toBe('pajar');
    expect(tie.correct('pajak')).toBe('pajak');
    expect(tie.correct('paj')).toBeNull();
    expect(tie.correct('sekolah')).toBeNull();
  });
});
