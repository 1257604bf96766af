import { describe, expect, it } from 'vitest';
import { LIMITS, splitText, truncate } from '../../channels/whatsapp/convert/split.js';

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('Halo\nApa kabar?', LIMITS.text)).toEqual(['Halo\nApa kabar?']);
  });

  it('splits a long answer between lines, each part within the limit, nothing lost', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `• Baris nomor ${i + 1} dari jawaban yang panjang sekali.`);
    const text = lines.join('\n');
    const parts = splitText(text, LIMITS.text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(LIMITS.text);
    expect(parts.join('\n')).toBe(text);
    // Cut between lines: every part starts with a whole bullet.
    for (const part of parts) expect(part.startsWith('• Baris nomor')).toBe(true);
  });

  it('splits one very long line between words', () => {
    const words = Array.from({ length: 50 }, (_, i) => `kata${i}`);
    const parts = splitText(words.join(' '), 40);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(40);
    expect(parts.join(' ').split(' ')).toEqual(words);
  });

  it('cuts a word longer than the limit, never inside an emoji', () => {
    const parts = splitText(`${'a'.repeat(9)}😀${'b'.repeat(9)}`, 10);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(10);
    expect(parts.join('')).toBe(`${'a'.repeat(9)}😀${'b'.repeat(9)}`);
    expect(parts[0]).toBe('a'.repeat(9));
  });

  it('drops empty parts', () => {
    expect(splitText('\n\n', 10)).toEqual([]);
  });
});

describe('truncate', () => {
  it('shortens with an ellipsis to exactly the maximum', () => {
    expect(truncate('Biaya Paspor non-elektronik', 20)).toBe('Biaya Paspor non-el…');
    expect([...truncate('Biaya Paspor non-elektronik', 20)].length).toBe(20);
    expect(truncate('Biaya SIM C', 20)).toBe('Biaya SIM C');
  });
});
