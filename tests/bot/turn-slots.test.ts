import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { message } from '../support/bot.js';

describe('MAX_CONCURRENT_TURNS', () => {
  it('runs at most that many turns at once; the others wait for a slot and are all answered', async () => {
    const config = loadConfig({ DATA_DIR: 'data', MAX_CONCURRENT_TURNS: '2' });
    const { bot } = await createBot(config, pino({ level: 'silent' }));
    let active = 0;
    let most = 0;
    const answered: string[] = [];
    bot.adapter.registerOutlet('test', {
      async deliver(_reference, activities) {
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 20)); // a slow channel holds its slot
        active -= 1;
        answered.push(...activities.map((a) => a.conversation?.id ?? ''));
        return activities.map(() => ({ id: randomUUID() }));
      },
    });
    const conversations = Array.from({ length: 6 }, (_, i) => `slots-${i}`);
    await Promise.all(conversations.map((c) => bot.run(message(c, 'syarat membuat paspor apa saja?'))));
    expect(most).toBe(2);
    expect(new Set(answered)).toEqual(new Set(conversations));
  });

  it('is 32 unless configured', () => {
    expect(loadConfig({}).MAX_CONCURRENT_TURNS).toBe(32);
    expect(() => loadConfig({ MAX_CONCURRENT_TURNS: '0' })).toThrow(/MAX_CONCURRENT_TURNS/);
  });
});
