/**
 * Operating hours: OFFICE_HOURS + OFFICE_TIMEZONE + data/holidays → one rule the handoff asks
 * "open now?" and "when is the next opening?", and the Indonesian words to say it.
 */
import { join } from 'node:path';
import { loadHolidays } from './holidays.js';
import { OfficeHours } from './office-hours.js';
import { parseSchedule } from './schedule.js';

export { formatOpening, formatOpeningRelative } from './format.js';
export { HolidayDataError, loadHolidays, type Holiday } from './holidays.js';
export { OfficeHours, type OfficeHoursOptions } from './office-hours.js';
export { describeSchedule, HoursFormatError, parseSchedule, type Period, type WeeklySchedule } from './schedule.js';

export interface OfficeHoursConfig {
  /** OFFICE_HOURS, e.g. "Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00". */
  spec: string;
  /** OFFICE_TIMEZONE, an IANA zone. */
  timeZone: string;
  /** The data folder; holidays are read from its holidays/ subfolder. */
  dataDir: string;
}

/** Builds the rule at start; a bad spec, zone or holiday file throws, naming the variable or the file and field. */
export function loadOfficeHours({ spec, timeZone, dataDir }: OfficeHoursConfig): OfficeHours {
  return new OfficeHours({
    schedule: parseSchedule(spec),
    timeZone,
    holidays: loadHolidays(join(dataDir, 'holidays')),
  });
}
