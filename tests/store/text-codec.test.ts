import { describe, expect, it } from 'vitest';
import { packText, unpackText } from '../../bot/store/text-codec.js';

const ANSWER = [
  'Biaya Paspor',
  'Paspor elektronik Rp650.000 (5 tahun) atau Rp950.000 (10 tahun).',
  '• Paspor non-elektronik: Rp350.000 (5 tahun) atau Rp650.000 (10 tahun).',
  '• Percepatan selesai hari yang sama: tambahan Rp1.000.000.',
  'Sumber: PP 45/2024, dikutip laman Kanim Pati, Kompas TV, CNBC Indonesia, dan Tirto (dicek 23 Nov 2026).',
].join('\n');

describe('packed texts', () => {
  it('give back the exact text, and a catalogue answer packs to a fraction of its size', () => {
    const packed = packText(ANSWER)!;
    expect(packed.startsWith('1')).toBe(true);
    expect(packed.length).toBeLessThan(Buffer.byteLength(ANSWER) / 3);
    expect(unpackText(packed)).toBe(ANSWER);
  });

  it('round-trip any text: other wording, other scripts, control characters, emoji', () => {
    const texts = [
      'Halo petugas, saya mau tanya soal KTP saya yang hilang waktu banjir kemarin, apakah bisa diurus online? '.repeat(3),
      'Ünïcödé — 日本語のテキスト — العربية — \u0000\u0001\u001f — 👩🏽‍💻🇮🇩 '.repeat(4),
      `${'x'.repeat(300)}\n\t"quoted" \\backslash\\`,
    ];
    for (const text of texts) {
      const packed = packText(text);
      expect(packed === undefined ? text : unpackText(packed)).toBe(text);
    }
  });

  it('leaves a text alone when deflating would not make it shorter', () => {
    expect(packText('ok')).toBeUndefined();
    expect(packText('q8Zr2!kP0@vW')).toBeUndefined();
  });

  it('refuses a packed text of a dictionary it does not have', () => {
    expect(() => unpackText('9AAAA')).toThrow(/unknown dictionary "9"/);
  });
});
