import { describe, expect, it } from 'vitest';
import { appended } from '../../bot/appended.js';

describe('appended', () => {
  it('adds the item at the end, an array item as one item', () => {
    const pair: [string, string] = ['{"type":"message"}', 'halo'];
    expect(appended<unknown>(['a'], pair)).toEqual(['a', pair]);
    expect(appended([], 1)).toEqual([1]);
  });

  it('adds several items in order, whether it copies or pushes', () => {
    expect(appended(['a'], 'b', 'c')).toEqual(['a', 'b', 'c']);
    const long = Array.from({ length: 16 }, (_, i) => i);
    expect(appended(long, 16, 17)).toBe(long);
    expect(long.slice(-3)).toEqual([15, 16, 17]);
  });

  it('copies a short list into a new array, and pushes onto a long one', () => {
    const short = [1, 2, 3];
    const longer = appended(short, 4);
    expect(longer).not.toBe(short);
    expect(longer).toEqual([1, 2, 3, 4]);
    expect(short).toEqual([1, 2, 3]);
    const long = Array.from({ length: 16 }, (_, i) => i);
    expect(appended(long, 16)).toBe(long);
    expect(long).toHaveLength(17);
  });

  it('keeps any length correct across the switch from copying to pushing', () => {
    let list: number[] = [];
    for (let i = 0; i < 40; i++) list = appended(list, i);
    expect(list).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
