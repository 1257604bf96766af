/**
 * Typo tolerance shared by the normaliser and the service recogniser: optimal-string-alignment
 * Damerau-Levenshtein distance, and a symmetric-deletion index (SymSpell) that finds the known words
 * within that distance of a token without comparing it to every word.
 */

/** Edits allowed for a token of this length: none under 4 letters, one from 4, two from 8. */
export function allowedEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** Damerau-Levenshtein (optimal string alignment) distance, giving up with `max + 1` beyond `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let row = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[b.length]!;
}

function deletions(word: string, depth: number, into: Set<string>): Set<string> {
  into.add(word);
  if (depth === 0 || word.length <= 1) return into;
  for (let i = 0; i < word.length; i++) deletions(word.slice(0, i) + word.slice(i + 1), depth - 1, into);
  return into;
}

/**
 * A deletion's place in the index: its 30-bit FNV-1a hash, a small integer that V8 keeps inside the map's
 * table instead of as an object of its own. Two deletions may share a place; that only adds a candidate,
 * which the distance check then keeps or drops on its merits.
 */
function slot(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

export class SpellingIndex {
  /**
   * Deletion's slot → the known word it comes from, or the words when several do. Tens of thousands of
   * entries live for the whole process, so they are kept as few objects as possible: every full garbage
   * collection visits each one (a string key and an array per entry were a third of the heap's objects).
   */
  private readonly byDeletion = new Map<number, string | string[]>();

  /** `words`: known word → how common it is (breaks ties between equally close words). */
  constructor(private readonly words: ReadonlyMap<string, number>) {
    for (const word of words.keys()) {
      if (word.length < 3) continue;
      // Two edits are only ever allowed between words of 8+ letters (see allowedEdits).
      for (const key of deletions(word, word.length >= 8 ? 2 : 1, new Set())) {
        const at = slot(key);
        const found = this.byDeletion.get(at);
        if (found === undefined) this.byDeletion.set(at, word);
        else if (typeof found === 'string') this.byDeletion.set(at, [found, word]);
        else found.push(word);
      }
    }
  }

  /** Every known word within the edits allowed for the shorter of it and `token`. */
  near(token: string): string[] {
    return this.candidates(token).map((c) => c.word);
  }

  /** The closest known word within the edits allowed (the most common one on a tie), or null. */
  correct(token: string): string | null {
    let best: { word: string; distance: number } | null = null;
    for (const c of this.candidates(token)) {
      if (
        !best ||
        c.distance < best.distance ||
        (c.distance === best.distance && (this.words.get(c.word) ?? 0) > (this.words.get(best.word) ?? 0))
      ) {
        best = c;
      }
    }
    return best?.word ?? null;
  }

  private candidates(token: string): Array<{ word: string; distance: number }> {
    const max = allowedEdits(token.length);
    if (max === 0) return [];
    const seen = new Set<string>();
    const found: Array<{ word: string; distance: number }> = [];
    const consider = (word: string) => {
      if (seen.has(word)) return;
      seen.add(word);
      const allowed = allowedEdits(Math.min(token.length, word.length));
      const distance = allowed > 0 ? editDistance(token, word, allowed) : Infinity;
      if (distance <= allowed) found.push({ word, distance });
    };
    for (const key of deletions(token, max, new Set())) {
      const words = this.byDeletion.get(slot(key));
      if (typeof words === 'string') consider(words);
      else if (words) for (const word of words) consider(word);
    }
    // Deterministic whatever the index order: closest first, then alphabetical.
    return found.sort((a, b) => a.distance - b.distance || (a.word < b.word ? -1 : 1));
  }
}
