import { describe, expect, it } from 'vitest';
import { loadLexicon, loadLookalikes } from '../../intents/lexicon.js';
import { createNormaliser } from '../../intents/normalise.js';
import { createServiceRecogniser, type CatalogueEntry } from '../../intents/services.js';
import { editDistance } from '../../intents/spelling.js';

const catalogue: CatalogueEntry[] = [
  {
    id: 'paspor',
    name: 'Paspor',
    aliases: ['paspor', 'passport'],
    variants: [
      { id: 'baru', name: 'Paspor baru', aliases: ['paspor baru'] },
      { id: 'perpanjangan', name: 'Perpanjangan paspor', aliases: ['perpanjangan', 'perpanjang'] },
      { id: 'elektronik', name: 'E-paspor', aliases: ['e-paspor', 'paspor elektronik'] },
    ],
  },
  { id: 'ktp-el', name: 'KTP Elektronik', aliases: ['ktp', 'e-ktp', 'ktp-el', 'kartu tanda penduduk'], variants: [] },
  { id: 'kartu-keluarga', name: 'Kartu Keluarga', aliases: ['kk', 'kartu keluarga'], variants: [] },
  { id: 'akta-kelahiran', name: 'Akta Kelahiran', aliases: ['akta kelahiran', 'akta lahir'], variants: [] },
  {
    id: 'sim',
    name: 'SIM',
    aliases: ['sim', 'surat izin mengemudi'],
    variants: [{ id: 'perpanjangan', name: 'Perpanjangan SIM', aliases: ['perpanjangan', 'perpanjang'] }],
  },
  { id: 'skck', name: 'SKCK', aliases: ['skck', 'surat keterangan catatan kepolisian'], variants: [] },
  { id: 'bpjs-kesehatan', name: 'BPJS Kesehatan', aliases: ['bpjs kesehatan', 'bpjs', 'kis', 'jkn'], variants: [] },
  { id: 'nib', name: 'NIB', aliases: ['nib', 'nomor induk berusaha'], variants: [] },
];

const normaliser = createNormaliser({ lexicon: loadLexicon('data') });
const recogniser = createServiceRecogniser(catalogue, normaliser, loadLookalikes('data'));
const find = (text: string) => recogniser.find(normaliser.words(text));
const serviceOf = (text: string) => find(text)?.service ?? null;

describe('edit distance', () => {
  it('counts substitutions, insertions, deletions and transpositions as one edit', () => {
    expect(editDistance('paspor', 'paspor')).toBe(0);
    expect(editDistance('paspor', 'pasport')).toBe(1);
    expect(editDistance('paspor', 'paspr')).toBe(1);
    expect(editDistance('paspor', 'papsor')).toBe(1);
    expect(editDistance('paspor', 'pespor')).toBe(1);
    expect(editDistance('kependudukan', 'kepndudukn')).toBe(2);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('service recogniser', () => {
  it('finds services by alias, whole name or id', () => {
    expect(serviceOf('syarat bikin paspor')).toBe('paspor');
    expect(serviceOf('SKCK brp lama')).toBe('skck');
    expect(serviceOf('kartu tanda penduduk hilang')).toBe('ktp-el');
    expect(serviceOf('urus NIB di mana')).toBe('nib');
    expect(serviceOf('daftar bpjs kesehatan')).toBe('bpjs-kesehatan');
  });

  it('tolerates typos in longer words', () => {
    expect(serviceOf('cara bikin pasport')).toBe('paspor');
    expect(serviceOf('paspr hilang')).toBe('paspor');
    expect(serviceOf('papsor anak')).toBe('paspor');
    expect(serviceOf('surat ijin mengemudi')).toBe('sim');
    expect(serviceOf('kartu kluarga')).toBe('kartu-keluarga');
  });

  it('matches informal and inflected forms of multi-word aliases', () => {
    expect(serviceOf('akte lahir anak')).toBe('akta-kelahiran');
    expect(serviceOf('akta kelahiranku')).toBe('akta-kelahiran');
    expect(serviceOf('e ktp rusak')).toBe('ktp-el');
    expect(serviceOf('ektp rusak')).toBe('ktp-el');
    expect(serviceOf('KTP-el rusak')).toBe('ktp-el');
  });

  it('matches short aliases only as whole words', () => {
    expect(serviceOf('simpan berkasnya di mana')).toBeNull();
    expect(serviceOf('sim saya mati')).toBe('sim');
    expect(serviceOf('kkn di desa')).toBeNull();
    expect(serviceOf('kiss')).toBeNull();
    expect(serviceOf('nibble')).toBeNull();
    expect(serviceOf('no kk saya')).toBe('kartu-keluarga');
  });

  it('never fuzzily matches a real Indonesian word', () => {
    expect(serviceOf('apa kata petugas')).toBeNull();
    expect(serviceOf('cuaca besok cerah')).toBeNull();
    expect(serviceOf('resep rendang padang')).toBeNull();
  });

  it('reports the variant of the service named', () => {
    expect(find('perpanjang paspor')).toMatchObject({ service: 'paspor', variant: 'perpanjangan' });
    expect(find('perpanjangan sim')).toMatchObject({ service: 'sim', variant: 'perpanjangan' });
    expect(find('bikin paspor baru')).toMatchObject({ service: 'paspor', variant: 'baru' });
    expect(find('paspor')).toMatchObject({ service: 'paspor', variant: null });
  });

  it('lets a distinctive variant alias name its service, but not a generic one', () => {
    expect(find('e-paspor berapa')).toMatchObject({ service: 'paspor', variant: 'elektronik' });
    expect(find('cara perpanjang')).toBeNull();
  });

  it('takes the first service named and reports every span for masking', () => {
    const words = normaliser.words('syarat paspor apa perlu ktp');
    const mention = recogniser.find(words);
    expect(mention?.service).toBe('paspor');
    expect(mention?.spans).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });

  it('ignores phrases that contain an alias but name something else', () => {
    expect(serviceOf('kartu sim saya diblokir operator')).toBeNull();
    expect(serviceOf('beli sim card di mana')).toBeNull();
    expect(serviceOf('syarat akta kematian')).toBeNull();
    expect(serviceOf('bpjs ketenagakerjaan cair berapa lama')).toBeNull();
    expect(serviceOf('sim dan bpjs kesehatan')).toBe('sim');
  });

  it('reads kk as kakak when it addresses someone', () => {
    expect(serviceOf('makasih kk')).toBeNull();
    expect(serviceOf('halo kk')).toBeNull();
    expect(serviceOf('kk mau tanya syarat paspor')).toBe('paspor');
    expect(serviceOf('halo kk, kk saya hilang')).toBe('kartu-keluarga');
    expect(serviceOf('kk hilang gimana')).toBe('kartu-keluarga');
    expect(serviceOf('syarat bikin kk')).toBe('kartu-keluarga');
  });

  it('returns null when no service is named', () => {
    expect(find('halo selamat pagi')).toBeNull();
    expect(find('')).toBeNull();
  });
});
