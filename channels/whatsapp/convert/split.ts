/** WhatsApp's limits (Cloud API reference; the app enforces the same on linked devices). */
export const LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttonTitle: 20,
  buttons: 3,
  listRowTitle: 24,
  listRowDescription: 72,
  listRows: 10,
  /** A reply id comes back to us when the citizen taps (buttons allow 256, list rows 200). */
  choiceId: 200,
} as const;

/**
 * Splits a long answer into messages of at most `limit` characters, cutting between lines where
 * possible, else between words, and only as a last resort inside a word (never inside an emoji).
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current.length === 0 ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current.length > 0) parts.push(current);
    current = '';
    let rest = line;
    while (rest.length > limit) {
      const cut = cutPoint(rest, limit);
      parts.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  }
  if (current.length > 0) parts.push(current);
  return parts.map((p) => p.trimEnd()).filter((p) => p.trim().length > 0);
}

function cutPoint(line: string, limit: number): number {
  const space = line.lastIndexOf(' ', limit);
  if (space > limit / 2) return space;
  // No space in the second half: cut hard, but not between the two halves of a surrogate pair.
  const code = line.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/** Shortens a label to `max` characters with an ellipsis (button and list titles). */
export function truncate(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
