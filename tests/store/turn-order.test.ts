import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { openStores, type Stores } from '../../bot/stores.js';
import type { LayaniBot } from '../../bot/turn.js';
import { message } from '../support/bot.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * One conversation's messages reaching two instances at once: the Redis turn lock keeps the turns in
 * order and the eTag-checked state loses nothing.
 */
let redis: TestRedis;
const stores: Stores[] = [];
const bots: LayaniBot[] = [];
const sent: Partial<Activity>[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const config = loadConfig({ DATA_DIR: 'data', NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: `order${Date.now()}:` });
  const logger = pino({ level: 'silent' });
  for (let i = 0; i < 2; i++) {
    const s = await openStores(config, logger);
    const { bot } = await createBot(config, logger, { stores: s });
    bot.adapter.registerOutlet('test', {
      async deliver(_reference, activities) {
        sent.push(...activities);
        return activities.map(() => ({ id: randomUUID() }));
      },
    });
    stores.push(s);
    bots.push(bot);
  }
});

afterAll(async () => {
  for (const s of stores) await s.close();
  await redis?.stop();
});

describe('turns across instances', () => {
  it('a burst split over two instances is answered in full, with the context of the conversation', async () => {
    const conversation = `c-${randomUUID()}`;
    await bots[0]!.run(message(conversation, 'syarat paspor apa?'));
    const burst = Array.from({ length: 12 }, (_, i) => message(conversation, i % 2 ? 'biayanya berapa?' : 'berapa lama jadinya?'));
    await Promise.all(burst.map((activity, i) => bots[i % 2]!.run(activity)));
    for (const activity of burst) {
      const replies = sent.filter((a) => a.replyToId === activity.id).map((a) => a.text ?? '');
      expect(replies, activity.text).toHaveLength(1);
      expect(replies[0]).toMatch(/^(Biaya|Lama proses) Paspor/);
    }
  });
});
