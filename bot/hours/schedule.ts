/**
 * Operating hours as data: a weekly schedule parsed from OFFICE_HOURS, e.g.
 * `Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00` (Indonesian day names work too:
 * `Sen-Kam 08.00-15.00; Jum 08.00-11.30,13.00-15.00`). Minutes are counted from local midnight.
 */
import { DAY_NAMES_ID, formatClock, zoneLabel } from './format.js';

export { formatClock, zoneLabel };

export interface Period {
  start: number;
  end: number;
}

/** Index 0 = Monday … 6 = Sunday (ISO weekday − 1). */
export type WeeklySchedule = Period[][];

/** Accepted day words: any prefix of at least three letters of the English or Indonesian name. */
const DAY_WORDS = [
  ['monday', 'senin'],
  ['tuesday', 'selasa'],
  ['wednesday', 'rabu'],
  ['thursday', 'kamis'],
  ['friday', 'jumat'],
  ['saturday', 'sabtu'],
  ['sunday', 'minggu'],
] as const;

export class HoursFormatError extends Error {}

export function parseSchedule(spec: string): WeeklySchedule {
  const week: WeeklySchedule = DAY_WORDS.map(() => []);
  const clauses = spec.split(';').map((c) => c.trim()).filter(Boolean);
  if (clauses.length === 0) throw new HoursFormatError('OFFICE_HOURS is empty');
  for (const clause of clauses) {
    const match = /^([A-Za-z,\- ]+?)\s+(\d.*)$/.exec(clause);
    if (!match) throw new HoursFormatError(`OFFICE_HOURS: cannot read "${clause}" (expected e.g. "Mon-Fri 08:00-15:00")`);
    const days = parseDays(match[1]!, clause);
    const periods = match[2]!.split(',').map((p) => parsePeriod(p.trim(), clause));
    for (const day of days) week[day]!.push(...periods);
  }
  for (const day of week) {
    day.sort((a, b) => a.start - b.start);
    for (let i = 1; i < day.length; i++) {
      if (day[i]!.start < day[i - 1]!.end) throw new HoursFormatError(`OFFICE_HOURS: overlapping periods in "${spec}"`);
    }
  }
  return week;
}

/** "Mon-Thu", "Mon,Wed,Fri" or "Fri-Mon" (ranges wrap over the weekend). */
function parseDays(text: string, clause: string): number[] {
  const result = new Set<number>();
  for (const part of text.toLowerCase().split(',')) {
    const ends = part.split('-').map((d) => dayIndex(d.trim(), clause));
    if (ends.length > 2) throw new HoursFormatError(`OFFICE_HOURS: cannot read days "${part.trim()}" in "${clause}"`);
    const from = ends[0]!;
    const to = ends[1] ?? from;
    for (let d = from; ; d = (d + 1) % 7) {
      result.add(d);
      if (d === to) break;
    }
  }
  return [...result];
}

function dayIndex(day: string, clause: string): number {
  const index = day.length < 3 ? -1 : DAY_WORDS.findIndex((names) => names.some((name) => name.startsWith(day)));
  if (index < 0) {
    throw new HoursFormatError(
      `OFFICE_HOURS: unknown day "${day}" in "${clause}" (use Mon, Tue, Wed, Thu, Fri, Sat, Sun or Sen, Sel, Rab, Kam, Jum, Sab, Min)`,
    );
  }
  return index;
}

function parsePeriod(text: string, clause: string): Period {
  const match = /^(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})$/.exec(text);
  if (!match) throw new HoursFormatError(`OFFICE_HOURS: cannot read period "${text}" in "${clause}" (expected HH:MM-HH:MM)`);
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || end > 24 * 60 || end <= start) {
    throw new HoursFormatError(`OFFICE_HOURS: invalid period "${text}" in "${clause}"`);
  }
  return { start, end };
}

/** "Senin–Kamis pukul 08.00–15.00 WIB; Jumat pukul 08.00–11.30 dan 13.00–15.00 WIB". */
export function describeSchedule(week: WeeklySchedule, timeZone: string): string {
  const zone = zoneLabel(timeZone);
  const key = (periods: Period[]) => periods.map((p) => `${p.start}-${p.end}`).join(',');
  const groups: { from: number; to: number; periods: Period[] }[] = [];
  week.forEach((periods, day) => {
    if (periods.length === 0) return;
    const last = groups.at(-1);
    if (last && last.to === day - 1 && key(last.periods) === key(periods)) last.to = day;
    else groups.push({ from: day, to: day, periods });
  });
  if (groups.length === 0) return 'tidak ada jadwal layanan petugas';
  return groups
    .map((g) => {
      const days = g.from === g.to ? DAY_NAMES_ID[g.from] : `${DAY_NAMES_ID[g.from]}–${DAY_NAMES_ID[g.to]}`;
      const times = g.periods.map((p) => `${formatClock(p.start)}–${formatClock(p.end)}`).join(' dan ');
      return `${days} pukul ${times} ${zone}`;
    })
    .join('; ');
}
