import { describe, expect, it } from 'vitest';
import {
  choiceByNumber,
  choicesOf,
  fitsReplyButtons,
  listRows,
  numberedChoices,
  numberList,
  replyButtons,
} from '../../channels/whatsapp/convert/choices.js';
import { texts } from './support/texts.js';

const three = [
  { title: 'Syarat bikin paspor', value: 'Syarat bikin paspor' },
  { title: 'Biaya SIM C', value: 'Biaya SIM C' },
  { title: 'Jam layanan petugas', value: 'Jam layanan petugas' },
];

describe('choices', () => {
  it('reads quick replies from an activity (value, else title)', () => {
    const activity = {
      suggestedActions: {
        to: [],
        actions: [
          { type: 'imBack', title: 'Ya, hubungkan', value: 'ya' },
          { type: 'imBack', title: 'Tidak', value: undefined },
          { type: 'imBack', title: '', value: '' },
        ],
      },
    };
    expect(choicesOf(activity)).toEqual([
      { title: 'Ya, hubungkan', value: 'ya' },
      { title: 'Tidak', value: 'Tidak' },
    ]);
    expect(choicesOf({})).toEqual([]);
  });

  it('numbers the choices and says how to answer ("Balas 1, 2 atau 3")', () => {
    expect(numberList(3, 'atau')).toBe('1, 2 atau 3');
    expect(numberList(2, 'atau')).toBe('1 atau 2');
    expect(numberList(1, 'atau')).toBe('1');
    expect(numberedChoices(three, texts)).toBe('1. Syarat bikin paspor\n2. Biaya SIM C\n3. Jam layanan petugas\nBalas 1, 2 atau 3.');
  });

  it('maps a typed number back to the offered choice', () => {
    expect(choiceByNumber('2', three)).toEqual(three[1]);
    expect(choiceByNumber(' 3. ', three)).toEqual(three[2]);
    expect(choiceByNumber('1)', three)).toEqual(three[0]);
    expect(choiceByNumber('4', three)).toBeUndefined();
    expect(choiceByNumber('0', three)).toBeUndefined();
    expect(choiceByNumber('2 orang', three)).toBeUndefined();
    expect(choiceByNumber('2', [])).toBeUndefined();
  });

  it('uses reply buttons for up to three short titles, the value as the id', () => {
    expect(fitsReplyButtons(three)).toBe(true);
    expect(replyButtons(three)[1]).toEqual({ id: 'Biaya SIM C', title: 'Biaya SIM C' });
    expect(fitsReplyButtons([...three, { title: 'SKCK', value: 'SKCK' }])).toBe(false);
    expect(fitsReplyButtons([{ title: 'Biaya Paspor non-elektronik', value: 'x' }])).toBe(false);
  });

  it('gives list rows of at most 24 characters, the full title in the description', () => {
    const rows = listRows([{ title: 'Persyaratan Paspor hilang atau rusak', value: 'Persyaratan Paspor hilang atau rusak' }]);
    expect(rows[0]!.title.length).toBeLessThanOrEqual(24);
    expect(rows[0]!.description).toBe('Persyaratan Paspor hilang atau rusak');
    expect(rows[0]!.id).toBe('Persyaratan Paspor hilang atau rusak');
    expect(listRows([{ title: 'SIM', value: 'sim' }])[0]).toEqual({ id: 'sim', title: 'SIM' });
  });
});
