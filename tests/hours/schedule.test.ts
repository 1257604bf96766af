import { describe, expect, it } from 'vitest';
import { describeSchedule, HoursFormatError, parseSchedule } from '../../bot/hours/schedule.js';

const PANDAWA = 'Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00';

describe('parseSchedule', () => {
  it('reads several periods a day, Monday first', () => {
    const week = parseSchedule(PANDAWA);
    const day = { start: 8 * 60, end: 15 * 60 };
    expect(week).toEqual([
      [day], [day], [day], [day],
      [{ start: 8 * 60, end: 11 * 60 + 30 }, { start: 13 * 60, end: 15 * 60 }],
      [], [],
    ]);
  });

  it('accepts Indonesian day names, full names and dotted clocks', () => {
    expect(parseSchedule('Sen-Kam 08.00-15.00; Jum 08.00-11.30,13.00-15.00')).toEqual(parseSchedule(PANDAWA));
    expect(parseSchedule('Senin-Kamis 08:00-15:00; Jumat 08:00-11:30, 13:00-15:00')).toEqual(parseSchedule(PANDAWA));
    expect(parseSchedule('monday-thursday 8:00-15:00;FRIDAY 8:00-11:30,13:00-15:00')).toEqual(parseSchedule(PANDAWA));
  });

  it('reads lists and ranges that wrap over the weekend', () => {
    const week = parseSchedule('Fri-Mon 09:00-12:00; Wed 10:00-11:00');
    expect(week.map((d) => d.length)).toEqual([1, 0, 1, 0, 1, 1, 1]);
    expect(parseSchedule('Mon,Wed,Fri 08:00-12:00').map((d) => d.length)).toEqual([1, 0, 1, 0, 1, 0, 0]);
  });

  it.each([
    ['', /OFFICE_HOURS is empty/],
    [' ; ', /OFFICE_HOURS is empty/],
    ['Mon-Fri', /cannot read "Mon-Fri"/],
    ['08:00-15:00', /cannot read "08:00-15:00"/],
    ['Mon-Fri 8-15', /cannot read period "8-15"/],
    ['Mon-Fri 08:00-15:00 WIB', /cannot read period "08:00-15:00 WIB"/],
    ['Funday 08:00-15:00', /unknown day "funday"/],
    ['Mo 08:00-15:00', /unknown day "mo"/],
    ['Mon Wed 08:00-15:00', /unknown day "mon wed"/],
    ['Mon-Wed-Fri 08:00-15:00', /cannot read days "mon-wed-fri"/],
    ['Mon-Fri 15:00-08:00', /invalid period "15:00-08:00"/],
    ['Mon-Fri 08:00-08:00', /invalid period "08:00-08:00"/],
    ['Mon 24:00-24:30', /invalid period "24:00-24:30"/],
    ['Mon 08:60-09:00', /invalid period "08:60-09:00"/],
    ['Mon 08:00-12:00,11:00-15:00', /overlapping periods/],
    ['Mon-Fri 08:00-15:00; Fri 13:00-16:00', /overlapping periods/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseSchedule(spec)).toThrow(HoursFormatError);
    expect(() => parseSchedule(spec)).toThrow(message);
  });
});

describe('describeSchedule', () => {
  it('describes the week in Indonesian, grouping equal days', () => {
    expect(describeSchedule(parseSchedule(PANDAWA), 'Asia/Jakarta')).toBe(
      'Senin–Kamis pukul 08.00–15.00 WIB; Jumat pukul 08.00–11.30 dan 13.00–15.00 WIB',
    );
    expect(describeSchedule(parseSchedule('Mon-Fri 08:00-15:00'), 'Asia/Makassar')).toBe('Senin–Jumat pukul 08.00–15.00 WITA');
    expect(describeSchedule(parseSchedule('Sat 09:00-12:00'), 'Asia/Jayapura')).toBe('Sabtu pukul 09.00–12.00 WIT');
  });
});
