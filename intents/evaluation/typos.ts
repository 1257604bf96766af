/**
 * Deterministic synthetic typos, to measure how the model holds up on messy input without writing a
 * second test set: about a third of the words of 4+ letters get one slip of the thumb — a letter
 * dropped, two swapped, one replaced, or one doubled.
 */
export function typoGenerator(seed = 7): (text: string) => string {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const slip = (word: string): string => {
    if (word.length < 4 || random() > 0.35) return word;
    const i = 1 + Math.floor(random() * (word.length - 1));
    switch (Math.floor(random() * 4)) {
      case 0:
        return word.slice(0, i) + word.slice(i + 1);
      case 1:
        return i < word.length - 1 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word;
      case 2:
        return word.slice(0, i) + letters[Math.floor(random() * letters.length)] + word.slice(i + 1);
      default:
        return word.slice(0, i) + word[i] + word.slice(i);
    }
  };
  return (text) => text.split(' ').map(slip).join(' ');
}
