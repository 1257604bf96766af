/**
 * The operating-hours rule: a weekly schedule, the office's time zone and its closed days answer
 * "open at this instant?", "when is the next opening?" and "when does this period end?". Pure: the
 * clock is always an argument, so any instant in any zone can be tested.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Holiday } from './holidays.js';
import { HoursFormatError, type WeeklySchedule } from './schedule.js';

/** How far ahead the rule looks for an opening or a closing: a year covers any run of holidays. */
const SEARCH_DAYS = 366;

interface Interval {
  start: DateTime;
  end: DateTime;
}

export interface OfficeHoursOptions {
  schedule: WeeklySchedule;
  /** IANA zone of the office, e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT). */
  timeZone: string;
  /** Closed days, by the office's local date; tentative ones count too, until corrected. */
  holidays?: readonly Holiday[];
}

export class OfficeHours {
  readonly schedule: WeeklySchedule;
  readonly timeZone: string;
  private readonly closedDays = new Map<string, Holiday>();

  constructor({ schedule, timeZone, holidays = [] }: OfficeHoursOptions) {
    if (!IANAZone.isValidZone(timeZone)) {
      throw new HoursFormatError(
        `OFFICE_TIMEZONE: unknown time zone "${timeZone}" (use an IANA name: Asia/Jakarta, Asia/Makassar or Asia/Jayapura)`,
      );
    }
    this.schedule = schedule;
    this.timeZone = timeZone;
    for (const holiday of holidays) {
      if (!this.closedDays.has(holiday.date)) this.closedDays.set(holiday.date, holiday);
    }
  }

  isOpen(instant: Date): boolean {
    const t = this.local(instant);
    return this.periodsOn(t.startOf('day')).some((p) => p.start <= t && t < p.end);
  }

  /**
   * The start of the first opening period that begins strictly after `instant`, skipping weekends,
   * breaks and closed days; null if none within a year. While open, that is the next period, not
   * the current one (ask `isOpen` first). Back-to-back periods count as one.
   */
  nextOpening(instant: Date): Date | null {
    const t = this.local(instant);
    let previousEnd: number | undefined;
    for (const period of this.periodsFrom(t.startOf('day'))) {
      if (period.start > t && period.start.toMillis() !== previousEnd) return period.start.toJSDate();
      previousEnd = period.end.toMillis();
    }
    return null;
  }

  /** The end of the opening period under way at `instant` (back-to-back periods joined); null if closed. */
  closesAt(instant: Date): Date | null {
    const t = this.local(instant);
    let end: DateTime | undefined;
    for (const period of this.periodsFrom(t.startOf('day'))) {
      if (end === undefined) {
        if (period.start > t) return null;
        if (t < period.end) end = period.end;
      } else if (period.start.equals(end)) {
        end = period.end;
      } else {
        break;
      }
    }
    return end?.toJSDate() ?? null;
  }

  /** Why the office is shut on the local day of `instant` (holiday, cuti bersama, closure), if it is. */
  closureOn(instant: Date): Holiday | undefined {
    return this.closedDays.get(this.local(instant).toISODate()!);
  }

  private local(instant: Date): DateTime {
    return DateTime.fromJSDate(instant, { zone: this.timeZone });
  }

  private *periodsFrom(firstDay: DateTime): Generator<Interval> {
    for (let i = 0; i <= SEARCH_DAYS; i++) yield* this.periodsOn(firstDay.plus({ days: i }));
  }

  /** The opening periods of one local day (given at its midnight), in order; none on a closed day. */
  private periodsOn(day: DateTime): Interval[] {
    if (this.closedDays.has(day.toISODate()!)) return [];
    return (this.schedule[day.weekday - 1] ?? []).map((p) => ({ start: atMinute(day, p.start), end: atMinute(day, p.end) }));
  }
}

function atMinute(day: DateTime, minutes: number): DateTime {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}
