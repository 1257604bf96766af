import { describe, expect, it } from 'vitest';
import { formatOpening, formatOpeningRelative } from '../../bot/hours/format.js';
import { OfficeHours } from '../../bot/hours/office-hours.js';
import { parseSchedule } from '../../bot/hours/schedule.js';

const at = (iso: string) => new Date(iso);

describe('formatOpening', () => {
  it('states an opening the Indonesian way', () => {
    expect(formatOpening(at('2026-11-30T08:00:00+07:00'), 'Asia/Jakarta')).toBe('Senin, 30 November 2026 pukul 08.00 WIB');
  });

  it('writes the day without a leading zero and minutes with a dot', () => {
    expect(formatOpening(at('2026-12-01T08:00:00+08:00'), 'Asia/Makassar')).toBe('Selasa, 1 Desember 2026 pukul 08.00 WITA');
    expect(formatOpening(at('2026-12-04T13:05:00+09:00'), 'Asia/Jayapura')).toBe('Jumat, 4 Desember 2026 pukul 13.05 WIT');
  });

  it('shows the instant in the office zone', () => {
    const instant = at('2026-11-29T23:00:00Z');
    expect(formatOpening(instant, 'Asia/Jayapura')).toBe('Senin, 30 November 2026 pukul 08.00 WIT');
    expect(formatOpening(instant, 'Asia/Jakarta')).toBe('Senin, 30 November 2026 pukul 06.00 WIB');
    expect(formatOpening(instant, 'Europe/Amsterdam')).toBe('Senin, 30 November 2026 pukul 00.00 Europe/Amsterdam');
  });

  it('names every day and month in Indonesian', () => {
    const days = Array.from({ length: 7 }, (_, i) =>
      formatOpening(at(`2026-12-${String(7 + i).padStart(2, '0')}T08:00:00+07:00`), 'Asia/Jakarta'),
    );
    expect(days.map((d) => d.split(',')[0])).toEqual(['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']);
    const months = Array.from({ length: 12 }, (_, m) =>
      formatOpening(at(`2027-${String(m + 1).padStart(2, '0')}-15T09:00:00+07:00`), 'Asia/Jakarta').split(' ')[2],
    );
    expect(months).toEqual([
      'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
      'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
    ]);
  });

  it('formats the next opening from the rule: Friday evening → Monday', () => {
    const rule = new OfficeHours({ schedule: parseSchedule('Mon-Fri 08:00-15:00'), timeZone: 'Asia/Jakarta' });
    const next = rule.nextOpening(at('2026-12-04T18:00:00+07:00'))!;
    expect(formatOpening(next, 'Asia/Jakarta')).toBe('Senin, 7 Desember 2026 pukul 08.00 WIB');
  });
});

describe('formatOpeningRelative', () => {
  it('says "hari ini" for later the same day', () => {
    expect(formatOpeningRelative(at('2026-12-04T13:00:00+07:00'), at('2026-12-04T11:45:00+07:00'), 'Asia/Jakarta')).toBe(
      'hari ini pukul 13.00 WIB',
    );
  });

  it('says "besok" with the full date for the next day', () => {
    expect(formatOpeningRelative(at('2026-12-01T08:00:00+07:00'), at('2026-11-30T16:00:00+07:00'), 'Asia/Jakarta')).toBe(
      'besok, Selasa, 1 Desember 2026 pukul 08.00 WIB',
    );
  });

  it('gives the full date further ahead', () => {
    expect(formatOpeningRelative(at('2026-12-07T08:00:00+07:00'), at('2026-12-04T18:00:00+07:00'), 'Asia/Jakarta')).toBe(
      'Senin, 7 Desember 2026 pukul 08.00 WIB',
    );
  });

  it('counts days in the office zone, not in UTC', () => {
    // 2026-11-30T17:30Z is already Tuesday 00.30 in WIB; 08.00 WIB that Tuesday is "today".
    expect(formatOpeningRelative(at('2026-12-01T01:00:00Z'), at('2026-11-30T17:30:00Z'), 'Asia/Jakarta')).toBe(
      'hari ini pukul 08.00 WIB',
    );
    expect(formatOpeningRelative(at('2026-12-01T01:00:00Z'), at('2026-11-30T16:30:00Z'), 'Asia/Jakarta')).toBe(
      'besok, Selasa, 1 Desember 2026 pukul 08.00 WIB',
    );
  });
});
