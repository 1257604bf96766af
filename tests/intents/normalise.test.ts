import { describe, expect, it } from 'vitest';
import { loadLexicon, lexiconFrom } from '../../intents/lexicon.js';
import { createNormaliser } from '../../intents/normalise.js';

const lexicon = loadLexicon('data');
const normaliser = createNormaliser({
  lexicon,
  vocabulary: new Map([
    ['persyaratan', 3],
    ['paspor', 5],
    ['skck', 2],
  ]),
});
const norm = (text: string): string => normaliser.normalise(text);

describe('normaliser', () => {
  it('lower-cases and strips punctuation and emoji', () => {
    expect(norm('Halo, KAK!!! 🙏😊')).toBe('halo kak');
    expect(norm('  ...  ')).toBe('');
    expect(norm('cek https://example.go.id/layanan ya')).toBe('cek ya');
    expect(norm('cek www.example.go.id ya')).toBe('cek ya');
    expect(norm('kirim ke budi@example.go.id ya')).toBe('kirim ke ya');
    expect(norm("hari jum'at atau Jum’at")).toBe('hari jumat atau jumat');
  });

  it('expands common chat abbreviations', () => {
    expect(norm('gmn cara ngurusnya')).toBe('bagaimana cara urus');
    expect(norm('brp biayanya yg resmi')).toBe('berapa biaya yang resmi');
    expect(norm('gak bisa, nggak bisa, ga bisa, tdk bisa')).toBe('tidak bisa tidak bisa tidak bisa tidak bisa');
    expect(norm('sy mau bikin akte')).toBe('saya mau buat akta');
    expect(norm('kantornya dmn')).toBe('kantornya di mana');
  });

  it('replaces multi-word phrases, longest first', () => {
    expect(norm('thank you kak')).toBe('terima kasih kak');
    expect(norm('makasih banyak min')).toBe('terima kasih banyak min');
  });

  it('squeezes stretched letters but keeps real double letters', () => {
    expect(norm('tolonggggg')).toBe('tolong');
    expect(norm('halooooo')).toBe('halo');
    expect(norm('maaaaf')).toBe('maaf');
    expect(norm('saaaat ini')).toBe('saat ini');
    expect(norm('maaf saat sakit')).toBe('maaf saat sakit');
    expect(norm('makasihhhh')).toBe('terima kasih');
  });

  it('folds reduplication', () => {
    expect(norm('syarat2nya apa aja')).toBe('syaratnya apa saja');
    expect(norm('berkas-berkas')).toBe('berkas');
    expect(norm('dokumen2')).toBe('dokumen');
    expect(norm('undang-undang')).toBe('undang undang');
  });

  it('keeps short codes but splits numbers from units', () => {
    expect(norm('sim b1 atau b2')).toBe('sim b1 atau b2');
    expect(norm('bayar 50rb atau 50k')).toBe('bayar 50 ribu atau 50 ribu');
    expect(norm('3hari kerja')).toBe('3 hari kerja');
    expect(norm('2x24 jam')).toBe('2 kali 24 jam');
    expect(norm('Rp 1.500.000')).toBe('rupiah 1500000');
  });

  it('joins dotted acronyms and splits hyphenated names', () => {
    expect(norm('S.K.C.K')).toBe('skck');
    expect(norm('e-KTP')).toBe('e ktp');
  });

  it('undoes colloquial affixes only when a root word is left', () => {
    expect(norm('nyari kantor')).toBe('cari kantor');
    expect(norm('nanya dong')).toBe('tanya dong');
    expect(norm('daftarin')).toBe('daftarkan');
    expect(norm('main ingin dingin')).toBe('main ingin dingin');
  });

  it('corrects typos towards known vocabulary, not real words', () => {
    expect(norm('persyaratn')).toBe('persyaratan');
    expect(norm('pasprt')).toBe('paspor');
    expect(norm('kata saya')).toBe('kata saya');
  });

  it('drops filler from the lexicon', () => {
    const n = createNormaliser({ lexicon: lexiconFrom({ wkwk: '', gmn: 'bagaimana' }) });
    expect(n.words('wkwk gmn')).toEqual(['bagaimana']);
  });

});

describe('slang lexicon (data/lexicon/slang.json)', () => {
  it('has a few hundred entries, all reachable by the normaliser', () => {
    expect(lexicon.size).toBeGreaterThan(300);
    for (const key of lexicon.keys()) {
      // Digits and other punctuation are split off before the lexicon is consulted; hyphens only in reduplications.
      expect(key).toMatch(/^(?:[a-z]+(?: [a-z]+){0,2}|([a-z]+)-\1)$/);
    }
  });

  it('maps to standard words, not to other slang', () => {
    for (const [key, words] of lexicon) {
      for (const w of words) {
        if (w !== key) expect(lexicon.has(w), `${key} → ${w}`).toBe(false);
      }
    }
  });
});
