import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { dictionaryLines, dictionaryModule, WINDOW } from '../../bot/store/cli/text-dictionary.js';
import { DICTIONARY_1 } from '../../bot/store/text-dictionary.js';
import { composeAnswer } from '../../dialogs/compose.js';
import { Replies } from '../../dialogs/replies.js';

const DICTIONARY_1_SHA256 = 'd1ea6b65a80301fdb687253f4cb3d510daa3b754a33e195796c271ae33c9358c';

describe('preset dictionaries', () => {
  it('DICTIONARY_1 stays exactly as it was made', () => {
    const sha256 = createHash('sha256').update(DICTIONARY_1).digest('hex');
    expect(
      sha256,
      'DICTIONARY_1 changed. Texts stored in Redis were deflated with it, and only its exact text inflates them: ' +
        'restore it, and add a new dictionary instead (npx tsx bot/store/cli/text-dictionary.ts --number 2, ' +
        "then register it in text-codec.ts's DICTIONARIES and make it CURRENT).",
    ).toBe(DICTIONARY_1_SHA256);
  });

  it('made from the current data, fits deflate’s window and packs a catalogue answer to a fraction', () => {
    const module = dictionaryModule(2, dictionaryLines('data'));
    expect(module).toContain('export const DICTIONARY_2 = [\n');
    const array = /= (\[\n[\s\S]*\n\])\.join\('\\n'\);\n$/.exec(module)?.[1];
    const dictionary = Buffer.from((JSON.parse(array!.replace(/,\n\]$/, '\n]')) as string[]).join('\n'));
    expect(dictionary.length).toBeLessThanOrEqual(WINDOW);
    expect(WINDOW).toBe(32_506);

    const paspor = loadCatalogue('data/services').find((s) => s.id === 'paspor')!;
    const answer = Buffer.from(composeAnswer(paspor, 'fee', null, Replies.load('data')).text);
    const deflated = deflateRawSync(answer, { dictionary });
    expect(deflated.length).toBeLessThan(answer.length / 4);
    expect(inflateRawSync(deflated, { dictionary })).toEqual(answer);
  });
});
