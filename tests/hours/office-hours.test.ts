import { describe, expect, it } from 'vitest';
import type { Holiday } from '../../bot/hours/holidays.js';
import { OfficeHours } from '../../bot/hours/office-hours.js';
import { HoursFormatError, parseSchedule, type WeeklySchedule } from '../../bot/hours/schedule.js';

// The week of Monday 30 November – Sunday 6 December 2026 has no holiday.
const PANDAWA = parseSchedule('Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00');

function hours(holidays: Holiday[] = [], timeZone = 'Asia/Jakarta', schedule: WeeklySchedule = PANDAWA): OfficeHours {
  return new OfficeHours({ schedule, timeZone, holidays });
}

const at = (iso: string) => new Date(iso);

describe('isOpen at the edges of a day (WIB)', () => {
  const rule = hours();
  it.each([
    ['2026-11-30T07:59:59.999+07:00', false],
    ['2026-11-30T07:59:59+07:00', false],
    ['2026-11-30T08:00:00+07:00', true],
    ['2026-11-30T11:45:00+07:00', true],
    ['2026-11-30T14:59:59+07:00', true],
    ['2026-11-30T15:00:00+07:00', false],
    ['2026-11-30T23:00:00+07:00', false],
  ])('Monday %s → open %s', (instant, open) => {
    expect(rule.isOpen(at(instant))).toBe(open);
  });

  it('is closed on Saturday and Sunday at office time', () => {
    expect(rule.isOpen(at('2026-12-05T10:00:00+07:00'))).toBe(false);
    expect(rule.isOpen(at('2026-12-06T10:00:00+07:00'))).toBe(false);
  });
});

describe("Friday's break (11:30–13:00)", () => {
  const rule = hours();
  it.each([
    ['2026-12-04T11:29:59+07:00', true],
    ['2026-12-04T11:30:00+07:00', false],
    ['2026-12-04T12:15:00+07:00', false],
    ['2026-12-04T12:59:59+07:00', false],
    ['2026-12-04T13:00:00+07:00', true],
    ['2026-12-04T14:59:59+07:00', true],
    ['2026-12-04T15:00:00+07:00', false],
  ])('Friday %s → open %s', (instant, open) => {
    expect(rule.isOpen(at(instant))).toBe(open);
  });

  it('during the break the next opening is 13:00 the same day', () => {
    expect(rule.nextOpening(at('2026-12-04T11:30:00+07:00'))).toEqual(at('2026-12-04T13:00:00+07:00'));
  });

  it('the morning period closes at 11:30, the afternoon one at 15:00', () => {
    expect(rule.closesAt(at('2026-12-04T09:00:00+07:00'))).toEqual(at('2026-12-04T11:30:00+07:00'));
    expect(rule.closesAt(at('2026-12-04T13:00:00+07:00'))).toEqual(at('2026-12-04T15:00:00+07:00'));
    expect(rule.closesAt(at('2026-12-04T12:00:00+07:00'))).toBeNull();
  });
});

describe('nextOpening', () => {
  const rule = hours();
  it('Friday evening → Monday 08:00', () => {
    expect(rule.nextOpening(at('2026-12-04T15:00:00+07:00'))).toEqual(at('2026-12-07T08:00:00+07:00'));
    expect(rule.nextOpening(at('2026-12-04T19:30:00+07:00'))).toEqual(at('2026-12-07T08:00:00+07:00'));
    expect(rule.nextOpening(at('2026-12-05T09:00:00+07:00'))).toEqual(at('2026-12-07T08:00:00+07:00'));
    expect(rule.nextOpening(at('2026-12-06T23:59:59+07:00'))).toEqual(at('2026-12-07T08:00:00+07:00'));
  });

  it('just before opening → the same morning; at closing → the next morning', () => {
    expect(rule.nextOpening(at('2026-11-30T07:59:59+07:00'))).toEqual(at('2026-11-30T08:00:00+07:00'));
    expect(rule.nextOpening(at('2026-11-30T00:00:00+07:00'))).toEqual(at('2026-11-30T08:00:00+07:00'));
    expect(rule.nextOpening(at('2026-11-30T15:00:00+07:00'))).toEqual(at('2026-12-01T08:00:00+07:00'));
  });

  it('while open, is the start of the next period (strictly later), never the current instant', () => {
    expect(rule.nextOpening(at('2026-11-30T08:00:00+07:00'))).toEqual(at('2026-12-01T08:00:00+07:00'));
    expect(rule.nextOpening(at('2026-12-04T10:00:00+07:00'))).toEqual(at('2026-12-04T13:00:00+07:00'));
  });

  it('is null when the schedule never opens', () => {
    const never = hours([], 'Asia/Jakarta', [[], [], [], [], [], [], []]);
    expect(never.nextOpening(at('2026-11-30T10:00:00+07:00'))).toBeNull();
    expect(never.isOpen(at('2026-11-30T10:00:00+07:00'))).toBe(false);
  });

  it('is null when closed days block the whole search year', () => {
    const monday = parseSchedule('Mon 08:00-15:00');
    const everyMonday: Holiday[] = [];
    for (let d = new Date('2026-11-30T00:00:00Z'); d < new Date('2028-01-01T00:00:00Z'); d = new Date(d.getTime() + 7 * 864e5)) {
      everyMonday.push({ date: d.toISOString().slice(0, 10), name: 'Tutup', kind: 'closure' });
    }
    expect(hours(everyMonday, 'Asia/Jakarta', monday).nextOpening(at('2026-11-29T10:00:00+07:00'))).toBeNull();
    expect(hours(everyMonday.slice(0, 10), 'Asia/Jakarta', monday).nextOpening(at('2026-11-29T10:00:00+07:00'))).toEqual(
      at('2027-02-08T08:00:00+07:00'),
    );
  });
});

describe('closesAt', () => {
  const rule = hours();
  it('is the end of the period under way, null when closed', () => {
    expect(rule.closesAt(at('2026-11-30T08:00:00+07:00'))).toEqual(at('2026-11-30T15:00:00+07:00'));
    expect(rule.closesAt(at('2026-11-30T14:59:59+07:00'))).toEqual(at('2026-11-30T15:00:00+07:00'));
    expect(rule.closesAt(at('2026-11-30T15:00:00+07:00'))).toBeNull();
    expect(rule.closesAt(at('2026-11-30T07:59:59+07:00'))).toBeNull();
  });

  it('joins back-to-back periods, also across midnight', () => {
    const split = hours([], 'Asia/Jakarta', parseSchedule('Mon 08:00-12:00,12:00-15:00; Tue 20:00-24:00; Wed 00:00-02:00'));
    expect(split.closesAt(at('2026-11-30T09:00:00+07:00'))).toEqual(at('2026-11-30T15:00:00+07:00'));
    expect(split.nextOpening(at('2026-11-30T10:00:00+07:00'))).toEqual(at('2026-12-01T20:00:00+07:00'));
    expect(split.closesAt(at('2026-12-01T23:00:00+07:00'))).toEqual(at('2026-12-02T02:00:00+07:00'));
    expect(split.isOpen(at('2026-12-02T00:00:00+07:00'))).toBe(true);
    expect(split.nextOpening(at('2026-12-01T21:00:00+07:00'))).toEqual(at('2026-12-07T08:00:00+07:00'));
  });
});

describe('closed days', () => {
  const natal: Holiday = { date: '2026-12-01', name: 'Hari libur nasional', kind: 'national' };
  const cuti: Holiday = { date: '2026-12-02', name: 'Cuti bersama', kind: 'cuti_bersama' };
  const closure: Holiday = { date: '2026-12-04', name: 'Kantor tutup', kind: 'closure' };

  it('a national holiday closes a weekday and is skipped by nextOpening', () => {
    const rule = hours([natal]);
    expect(rule.isOpen(at('2026-12-01T10:00:00+07:00'))).toBe(false);
    expect(rule.closureOn(at('2026-12-01T10:00:00+07:00'))).toEqual(natal);
    expect(rule.nextOpening(at('2026-11-30T15:00:00+07:00'))).toEqual(at('2026-12-02T08:00:00+07:00'));
  });

  it('a cuti bersama day closes the office like a holiday', () => {
    const rule = hours([natal, cuti]);
    expect(rule.isOpen(at('2026-12-02T08:00:00+07:00'))).toBe(false);
    expect(rule.closureOn(at('2026-12-02T08:00:00+07:00'))?.kind).toBe('cuti_bersama');
    expect(rule.nextOpening(at('2026-11-30T15:00:00+07:00'))).toEqual(at('2026-12-03T08:00:00+07:00'));
  });

  it('an ad-hoc closure on Friday sends Thursday evening to Monday', () => {
    const rule = hours([closure]);
    expect(rule.isOpen(at('2026-12-04T13:30:00+07:00'))).toBe(false);
    expect(rule.nextOpening(at('2026-12-03T15:00:00+07:00'))).toEqual(at('2026-12-07T08:00:00+07:00'));
    expect(rule.closureOn(at('2026-12-03T10:00:00+07:00'))).toBeUndefined();
  });

  it('applies by the office’s local date, not the UTC date', () => {
    // 2026-11-29T23:30Z is Sunday in UTC but Monday 08:30 in Jayapura.
    const monday: Holiday = { date: '2026-11-30', name: 'Libur daerah', kind: 'closure' };
    expect(hours([], 'Asia/Jayapura').isOpen(at('2026-11-29T23:30:00Z'))).toBe(true);
    expect(hours([monday], 'Asia/Jayapura').isOpen(at('2026-11-29T23:30:00Z'))).toBe(false);
  });
});

describe('time zones', () => {
  const wib = hours([], 'Asia/Jakarta');
  const wita = hours([], 'Asia/Makassar');
  const wit = hours([], 'Asia/Jayapura');

  it('the same instant is closed in WIB but open in WITA and WIT in the morning', () => {
    const instant = at('2026-11-30T00:30:00Z'); // 07.30 WIB, 08.30 WITA, 09.30 WIT
    expect(wib.isOpen(instant)).toBe(false);
    expect(wita.isOpen(instant)).toBe(true);
    expect(wit.isOpen(instant)).toBe(true);
  });

  it('the same instant is open in WIB but closed in WITA and WIT in the afternoon', () => {
    const instant = at('2026-11-30T07:30:00Z'); // 14.30 WIB, 15.30 WITA, 16.30 WIT
    expect(wib.isOpen(instant)).toBe(true);
    expect(wita.isOpen(instant)).toBe(false);
    expect(wit.isOpen(instant)).toBe(false);
  });

  it('Monday 08:00 is a different instant in each zone', () => {
    const sunday = at('2026-11-29T12:00:00Z');
    expect(wib.nextOpening(sunday)).toEqual(at('2026-11-30T01:00:00Z'));
    expect(wita.nextOpening(sunday)).toEqual(at('2026-11-30T00:00:00Z'));
    expect(wit.nextOpening(sunday)).toEqual(at('2026-11-29T23:00:00Z'));
    expect(wit.closesAt(at('2026-11-30T05:59:59Z'))).toEqual(at('2026-11-30T06:00:00Z'));
  });

  it('works in any IANA zone, across a daylight-saving change', () => {
    const amsterdam = hours([], 'Europe/Amsterdam', parseSchedule('Mon-Fri 08:00-15:00'));
    // Clocks went forward on Sunday 29 March 2026: Monday 08:00 is 06:00Z, not 07:00Z.
    expect(amsterdam.nextOpening(at('2026-03-27T16:00:00+01:00'))).toEqual(at('2026-03-30T06:00:00Z'));
    expect(amsterdam.isOpen(at('2026-03-30T05:59:59Z'))).toBe(false);
    expect(amsterdam.isOpen(at('2026-03-30T06:00:00Z'))).toBe(true);
  });

  it('refuses an unknown zone', () => {
    expect(() => hours([], 'Asia/Bandung')).toThrow(HoursFormatError);
    expect(() => hours([], 'WIB')).toThrow(/OFFICE_TIMEZONE: unknown time zone "WIB"/);
  });
});
