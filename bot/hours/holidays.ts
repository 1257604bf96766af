/**
 * Days the office is closed although the weekly schedule says open: libur nasional, cuti bersama
 * (SKB 3 Menteri) and the office's own closures, kept as editable JSON in data/holidays.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDataFile } from '../data-file.js';
import { z } from 'zod';

const HolidaySchema = z.strictObject({
  /** The office's local calendar day. */
  date: z.iso.date(),
  /** Shown to citizens, e.g. "Idulfitri 1447 H". */
  name: z.string().trim().min(2),
  kind: z.enum(['national', 'cuti_bersama', 'closure']),
  /** Expected but not yet decreed (Islamic dates before the sidang isbat, next year's SKB). */
  tentative: z.boolean().optional(),
  note: z.string().min(2).optional(),
});

const HolidayFileSchema = z.strictObject({
  about: z.string().optional(),
  sources: z.array(z.string().min(3)).optional(),
  /** A model entry for editors; never applied. */
  example: HolidaySchema.optional(),
  days: z.array(HolidaySchema),
});

export type Holiday = z.infer<typeof HolidaySchema>;

export class HolidayDataError extends Error {}

/** Reads and validates every *.json in `dir`; a broken file stops the start naming file and field. */
export function loadHolidays(dir: string): Holiday[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    throw new HolidayDataError(`${dir}: cannot read the holiday folder (${(err as Error).message})`);
  }
  return files.flatMap((file) => parseHolidayFile(join(dir, file)));
}

function parseHolidayFile(path: string): Holiday[] {
  const { days } = readDataFile(path, HolidayFileSchema, 'holiday file', HolidayDataError);
  // A file named after a year (2026.json) holds only that year: catches "2062-…" and copy-paste slips.
  const year = /^(\d{4})\.json$/.exec(basename(path))?.[1];
  if (year) {
    const misplaced = days.map((d, i) => ({ d, i })).filter(({ d }) => !d.date.startsWith(`${year}-`));
    if (misplaced.length > 0) {
      const problems = misplaced.map(({ d, i }) => `  - field "days.${i}.date": ${d.date} is not in ${year}`);
      throw new HolidayDataError(`${path}: invalid holiday file\n${problems.join('\n')}`);
    }
  }
  return days;
}
