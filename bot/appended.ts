/** Below this length a list is copied on append rather than grown. */
const SHORT = 16;

/**
 * `list` with `items` added at its end, for lists that are kept in memory for a long time and mostly stay
 * short (a conversation's log, its transcript). `push` grows an array's storage by at least 16 slots at a
 * time: a two-entry log held room for 17, about 120 bytes of it empty. A short list is copied into a new
 * array of the exact size instead (a copy of at most 16 pointers); a longer one is pushed onto, and returned.
 */
export function appended<T>(list: T[], ...items: T[]): T[] {
  if (list.length >= SHORT) {
    list.push(...items);
    return list;
  }
  // concat, not a spread: a spread leaves spare room as push does. The items come wrapped, so that an
  // item that is itself an array stays one item.
  return list.concat(items);
}
