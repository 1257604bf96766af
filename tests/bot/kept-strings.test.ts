import { describe, expect, it } from 'vitest';
import { TextPool, flat, owned } from '../../bot/kept-strings.js';

describe('strings kept in memory', () => {
  it('flat() gives back the same text', () => {
    const json = JSON.stringify({ type: 'message', text: 'Syarat KTP-el: fotokopi KK.', actions: Array.from({ length: 20 }, (_, i) => ({ title: `Pilihan ${i}` })) });
    expect(flat(json)).toBe(json);
    expect(JSON.parse(flat(json))).toEqual(JSON.parse(json));
    expect(flat('')).toBe('');
  });

  it('owned() gives back the same text, whatever its characters', () => {
    const url = '/v3/directline/conversations/o3NSDkP8iQBST_VTbdkodQ/stream?t=eyJhbGciOiJIUzI1NiJ9.e30.x';
    const id = url.slice(29, 51);
    expect(owned(id)).toBe('o3NSDkP8iQBST_VTbdkodQ');
    for (const text of ['', 'Jum’at • 08.00–15.00 🙏', 'lone \ud800 surrogate', '"quoted"\n']) expect(owned(text)).toBe(text);
  });

  it('pools one copy per distinct text, and forgets the texts not seen lately', () => {
    const pool = new TextPool(3);
    const welcome = (name: string) => ['Halo, selamat datang di ', name, '.'].join('');
    expect(pool.share(welcome('Layani'))).toBe('Halo, selamat datang di Layani.');
    expect(pool.share(welcome('Layani'))).toBe('Halo, selamat datang di Layani.');
    expect(pool.size).toBe(1);
    for (const text of ['a', 'b', 'c', 'd']) pool.share(text);
    expect(pool.size).toBe(3);
    expect(pool.share('Halo, selamat datang di Layani.')).toBe('Halo, selamat datang di Layani.');
    expect(pool.size).toBe(3);
  });
});
