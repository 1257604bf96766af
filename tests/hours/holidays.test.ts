import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HolidayDataError, loadHolidays, type Holiday } from '../../bot/hours/holidays.js';
import { HoursFormatError, loadOfficeHours } from '../../bot/hours/index.js';

const DATA_DIR = 'data';
const at = (iso: string) => new Date(iso);

describe('data/holidays', () => {
  const holidays = loadHolidays(join(DATA_DIR, 'holidays'));
  const inYear = (year: string, kind: Holiday['kind']) => holidays.filter((h) => h.date.startsWith(year) && h.kind === kind);

  it('holds the SKB 2026: 17 days of libur nasional and 8 of cuti bersama, all decreed', () => {
    expect(inYear('2026', 'national')).toHaveLength(17);
    expect(inYear('2026', 'cuti_bersama')).toHaveLength(8);
    expect(holidays.filter((h) => h.date.startsWith('2026') && h.tentative)).toEqual([]);
  });

  it('marks the 2027 dates nobody has decreed yet as tentative', () => {
    expect(inYear('2027', 'national').length).toBeGreaterThanOrEqual(17);
    expect(inYear('2027', 'cuti_bersama').every((h) => h.tentative)).toBe(true);
    const islamic = holidays.filter((h) => h.date.startsWith('2027') && /Idulfitri|Iduladha|Isra Mikraj|Maulid|Islam/.test(h.name));
    expect(islamic.length).toBeGreaterThanOrEqual(6);
    expect(islamic.every((h) => h.tentative && h.note)).toBe(true);
  });

  it('puts every fixed-date holiday on its day', () => {
    for (const year of ['2026', '2027']) {
      for (const [monthDay, name] of [['01-01', 'Tahun Baru'], ['05-01', 'Hari Buruh'], ['06-01', 'Pancasila'], ['08-17', 'Proklamasi'], ['12-25', 'Natal']]) {
        expect(holidays.find((h) => h.date === `${year}-${monthDay}`)?.name).toContain(name);
      }
    }
  });
});

describe('the rule with the real holiday data (Mon-Fri 08:00-15:00 WIB)', () => {
  const hours = loadOfficeHours({ spec: 'Mon-Fri 08:00-15:00', timeZone: 'Asia/Jakarta', dataDir: DATA_DIR });

  it('a national holiday on a Monday: 17 August 2026', () => {
    expect(hours.isOpen(at('2026-08-17T10:00:00+07:00'))).toBe(false);
    expect(hours.closureOn(at('2026-08-17T10:00:00+07:00'))?.kind).toBe('national');
    expect(hours.nextOpening(at('2026-08-14T16:00:00+07:00'))).toEqual(at('2026-08-18T08:00:00+07:00'));
  });

  it('cuti bersama and Christmas: Wednesday 23 December 2026 → Monday 28 December', () => {
    expect(hours.isOpen(at('2026-12-24T09:00:00+07:00'))).toBe(false);
    expect(hours.closureOn(at('2026-12-24T09:00:00+07:00'))).toMatchObject({ kind: 'cuti_bersama' });
    expect(hours.closureOn(at('2026-12-25T09:00:00+07:00'))).toMatchObject({ kind: 'national' });
    expect(hours.closesAt(at('2026-12-23T14:00:00+07:00'))).toEqual(at('2026-12-23T15:00:00+07:00'));
    expect(hours.nextOpening(at('2026-12-23T15:00:00+07:00'))).toEqual(at('2026-12-28T08:00:00+07:00'));
  });

  it('Nyepi and Idulfitri 2026: from Tuesday 17 March to Wednesday 25 March', () => {
    expect(hours.nextOpening(at('2026-03-17T15:00:00+07:00'))).toEqual(at('2026-03-25T08:00:00+07:00'));
  });

  it('New Year 2027 (Friday) after the Christmas week', () => {
    expect(hours.nextOpening(at('2026-12-31T15:00:00+07:00'))).toEqual(at('2027-01-04T08:00:00+07:00'));
  });
});

describe('broken holiday files stop the start, naming file and field', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function folderWith(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), 'layani-holidays-'));
    const holidays = join(dir, 'holidays');
    mkdirSync(holidays);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(holidays, name), text);
    return dir;
  }

  const day = (fields: Record<string, unknown>) => JSON.stringify({ days: [{ date: '2026-12-31', name: 'Tutup', kind: 'closure', ...fields }] });

  it.each([
    ['not JSON', '{ "days": [ ', /closures\.json: not valid JSON/],
    ['an impossible date', day({ date: '2026-02-30' }), /closures\.json: invalid holiday file\n {2}- field "days\.0\.date"/],
    ['a date in another format', day({ date: '31-12-2026' }), /field "days\.0\.date"/],
    ['an unknown kind', day({ kind: 'libur' }), /field "days\.0\.kind"/],
    ['a misspelt field', day({ tentatif: true }), /field "days\.0".*tentatif/],
    ['an empty name', day({ name: '' }), /field "days\.0\.name"/],
    ['no days list', '{ "about": "x" }', /field "days"/],
    ['a list instead of an object', '[]', /field "\(root\)"/],
  ])('%s', (_, text, message) => {
    const dataDir = folderWith({ '2026.json': day({}), 'closures.json': text });
    expect(() => loadOfficeHours({ spec: 'Mon-Fri 08:00-15:00', timeZone: 'Asia/Jakarta', dataDir })).toThrow(HolidayDataError);
    expect(() => loadOfficeHours({ spec: 'Mon-Fri 08:00-15:00', timeZone: 'Asia/Jakarta', dataDir })).toThrow(message);
  });

  it('a date outside the year the file is named after', () => {
    const dataDir = folderWith({ '2026.json': JSON.stringify({ days: [{ date: '2026-01-01', name: 'Tahun Baru', kind: 'national' }, { date: '2062-05-01', name: 'Hari Buruh', kind: 'national' }] }) });
    expect(() => loadHolidays(join(dataDir, 'holidays'))).toThrow(/2026\.json: invalid holiday file\n {2}- field "days\.1\.date": 2062-05-01 is not in 2026/);
  });

  it('a missing folder', () => {
    expect(() => loadHolidays(join(tmpdir(), 'layani-no-such-folder', 'holidays'))).toThrow(/cannot read the holiday folder/);
  });

  it('loads a valid folder, closures included, and applies them', () => {
    const dataDir = folderWith({
      'closures.json': JSON.stringify({ example: { date: '2026-12-30', name: 'Contoh', kind: 'closure' }, days: [{ date: '2026-12-31', name: 'Pemeliharaan sistem', kind: 'closure' }] }),
    });
    const hours = loadOfficeHours({ spec: 'Mon-Fri 08:00-15:00', timeZone: 'Asia/Jakarta', dataDir });
    expect(hours.isOpen(at('2026-12-30T10:00:00+07:00'))).toBe(true); // the example is never applied
    expect(hours.isOpen(at('2026-12-31T10:00:00+07:00'))).toBe(false);
    expect(hours.closureOn(at('2026-12-31T10:00:00+07:00'))?.name).toBe('Pemeliharaan sistem');
  });

  it('a bad OFFICE_HOURS or OFFICE_TIMEZONE names the variable', () => {
    const dataDir = folderWith({});
    expect(() => loadOfficeHours({ spec: 'Mon-Fri 8-15', timeZone: 'Asia/Jakarta', dataDir })).toThrow(/^OFFICE_HOURS: /);
    expect(() => loadOfficeHours({ spec: 'Mon-Fri 08:00-15:00', timeZone: 'Jakarta', dataDir })).toThrow(HoursFormatError);
    expect(() => loadOfficeHours({ spec: 'Mon-Fri 08:00-15:00', timeZone: 'Jakarta', dataDir })).toThrow(/^OFFICE_TIMEZONE: /);
  });
});
