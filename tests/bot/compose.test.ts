import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { composeAnswer } from '../../dialogs/compose.js';
import { Replies } from '../../dialogs/replies.js';

const catalogue = loadCatalogue('data/services');
const replies = Replies.load('data');

describe('composeAnswer', () => {
  it('puts the title and the summary first and stays short for a phone', () => {
    for (const service of catalogue) {
      for (const component of Object.keys(service.components) as (keyof typeof service.components)[]) {
        const { text } = composeAnswer(service, component, null, replies);
        const lines = text.split('\n');
        expect(lines[1]).toBe(service.components[component].summary);
        expect(lines.length).toBeLessThanOrEqual(10);
      }
    }
  });

  it('answers a variant with its own facts and offers the others as quick replies', () => {
    const sim = catalogue.find((s) => s.id === 'sim')!;
    const variant = sim.components.fee.byVariant![0]!;
    const answer = composeAnswer(sim, 'fee', variant.variant, replies);
    expect(answer.text.split('\n')[1]).toBe(variant.summary);
    const general = composeAnswer(sim, 'fee', null, replies);
    expect(general.suggestions.length).toBeGreaterThan(0);
    expect(general.suggestions.every((s) => s.startsWith('Biaya SIM'))).toBe(true);
  });

  it('is honest: uncertain facts carry their note and every answer its source', () => {
    const service = catalogue.find((s) => Object.values(s.components).some((c) => c.uncertain))!;
    const [name, facts] = Object.entries(service.components).find(([, c]) => c.uncertain)!;
    const { text } = composeAnswer(service, name as keyof typeof service.components, null, replies);
    expect(text).toContain(`Catatan: ${facts.uncertain}`);
    expect(text).toMatch(/Sumber: .+\(dicek \d{1,2} \w{3} \d{4}\)/);
  });
});
