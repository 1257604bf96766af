import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.js';
import { describeSchedule, parseSchedule } from '../../bot/hours/schedule.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.OFFICE_HOURS).toBe('Mon-Fri 08:00-15:00');
    expect(config.WHATSAPP_MODE).toBe('off');
    expect(config.REDIS_URL).toBeUndefined();
  });
  it('treats empty values as unset and names a bad variable', () => {
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ WHATSAPP_MODE: 'sms' })).toThrow(/WHATSAPP_MODE/);
  });
  it('describes the office hours the Indonesian way', () => {
    expect(describeSchedule(parseSchedule('Mon-Fri 08:00-15:00'), 'Asia/Jakarta')).toBe('Senin–Jumat pukul 08.00–15.00 WIB');
  });
});
