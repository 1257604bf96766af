/**
 * Dates and times the Indonesian way: "Senin, 30 November 2026 pukul 08.00 WIB".
 * Names come from our own tables rather than Intl, so the text never depends on the ICU build.
 */
import { DateTime } from 'luxon';

/** Index 0 = Monday … 6 = Sunday (ISO weekday − 1), as in the weekly schedule. */
export const DAY_NAMES_ID = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'] as const;
const MONTH_NAMES_ID = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
] as const;

const INDONESIAN_ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** The Indonesian abbreviation of a zone: WIB, WITA or WIT; the IANA name otherwise. */
export function zoneLabel(timeZone: string): string {
  return INDONESIAN_ZONES[timeZone] ?? timeZone;
}

/** Minutes after midnight as "08.00" (Indonesian clocks use a dot). */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}.${String(m).padStart(2, '0')}`;
}

function local(instant: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: timeZone });
}

function dayAndDate(t: DateTime): string {
  return `${DAY_NAMES_ID[t.weekday - 1]}, ${t.day} ${MONTH_NAMES_ID[t.month - 1]} ${t.year}`;
}

function clockAndZone(t: DateTime, timeZone: string): string {
  return `pukul ${formatClock(t.hour * 60 + t.minute)} ${zoneLabel(timeZone)}`;
}

/** "Senin, 30 November 2026 pukul 08.00 WIB" for the instant as seen in `timeZone`. */
export function formatOpening(instant: Date, timeZone: string): string {
  const t = local(instant, timeZone);
  return `${dayAndDate(t)} ${clockAndZone(t, timeZone)}`;
}

/**
 * The opening as seen from `now`: "hari ini pukul 13.00 WIB", "besok, Selasa, 1 Desember 2026 pukul
 * 08.00 WIB", or the full date further ahead. "Today" and "tomorrow" are the office's days.
 */
export function formatOpeningRelative(opening: Date, now: Date, timeZone: string): string {
  const t = local(opening, timeZone);
  const days = Math.round(t.startOf('day').diff(local(now, timeZone).startOf('day'), 'days').days);
  if (days === 0) return `hari ini ${clockAndZone(t, timeZone)}`;
  if (days === 1) return `besok, ${formatOpening(opening, timeZone)}`;
  return formatOpening(opening, timeZone);
}
