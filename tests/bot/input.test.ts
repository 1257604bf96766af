import { describe, expect, it } from 'vitest';
import { checkInput } from '../../bot/input.js';

describe('checkInput', () => {
  it('passes ordinary text, trimmed and with whitespace collapsed', () => {
    expect(checkInput({ text: '  syarat   paspor \n apa ' }, 100)).toEqual({ kind: 'text', text: 'syarat paspor apa' });
  });
  it('classifies what cannot be understood', () => {
    expect(checkInput({ text: '' }, 100).kind).toBe('empty');
    expect(checkInput({}, 100).kind).toBe('empty');
    expect(checkInput({ text: '\u0000\u0001' }, 100).kind).toBe('empty');
    expect(checkInput({ text: '🙏🙏' }, 100).kind).toBe('noWords');
    expect(checkInput({ text: '?!...' }, 100).kind).toBe('noWords');
    expect(checkInput({ text: 'a'.repeat(101) }, 100).kind).toBe('tooLong');
    expect(checkInput({ attachments: [{ contentType: 'audio/ogg' }] }, 100).kind).toBe('unsupportedMedia');
  });
  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(checkInput({ text: 'ok ' + '😀'.repeat(97) }, 100).kind).toBe('text');
  });
});
