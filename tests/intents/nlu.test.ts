import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { createNlu } from '../../intents/index.js';
import { INTENTS } from '../../intents/labels.js';
import type { Nlu } from '../../intents/types.js';

let nlu: Nlu;

// Training time and classifications per second are measured by the bench (npm run bench), not here.
beforeAll(() => {
  nlu = createNlu({ catalogue: loadCatalogue('data/services'), dataDir: 'data' });
}, 30_000);

describe('understanding layer', () => {
  it('answers with the 13 contract labels and probabilities', () => {
    for (const text of ['hai kak', 'syarat paspor', 'xyz', '', 'mau komplain petugasnya lama']) {
      const u = nlu.understand(text);
      expect(INTENTS).toContain(u.intent);
      expect(u.ranking.length).toBeGreaterThan(0);
      expect(u.ranking.length).toBeLessThanOrEqual(3);
      expect(u.ranking[0]).toEqual({ intent: u.intent, confidence: u.confidence });
      let sum = 0;
      let previous = Infinity;
      for (const r of u.ranking) {
        expect(INTENTS).toContain(r.intent);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(previous);
        previous = r.confidence;
        sum += r.confidence;
      }
      expect(sum).toBeLessThanOrEqual(1 + 1e-9);
      expect(new Set(u.ranking.map((r) => r.intent)).size).toBe(u.ranking.length);
    }
  });

  it.each([
    ['gmn cara bikin pasport baru?', 'ask_procedure', 'paspor'],
    ['syarat2 bikin skck apa aja kak', 'ask_requirements', 'skck'],
    ['brp lama sim jadi', 'ask_duration', 'sim'],
    ['biaya akte lahir brp', 'ask_fee', 'akta-kelahiran'],
    ['kantor dukcapil buat ektp dmn ya', 'ask_location', 'ktp-el'],
    ['jam berapa kantornya buka', 'ask_hours', null],
  ])('understands %j', (text, intent, service) => {
    const u = nlu.understand(text);
    expect(u.intent).toBe(intent);
    expect(u.service).toBe(service);
  });

  it.each(['asdkjh qwpoeiru zmxncb', 'cuaca di bandung besok gimana', 'resep rendang padang yang enak', 'siapa juara piala dunia'])(
    'puts %j out of scope',
    (text) => {
      expect(nlu.understand(text).intent).toBe('out_of_scope');
    },
  );

  it('is confident about gibberish it has never seen anything of', () => {
    const u = nlu.understand('qwrtpl zxvbnm');
    expect(u.intent).toBe('out_of_scope');
    expect(u.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('tells greetings and thanks apart', () => {
    expect(nlu.understand('selamat pagi min').intent).toBe('greeting');
    expect(nlu.understand('makasih banyak ya kak').intent).toBe('thanks');
  });

  it('shows the normalised message', () => {
    expect(nlu.understand('Gmn caranya??').normalised).toBe('bagaimana caranya');
  });
});
