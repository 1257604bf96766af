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
const prefix = `order${Date.now()}:`;

beforeAll(async () => {
  redis = await startRedis();
  const config = loadConfig({ DATA_DIR: 'data', NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix });
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
    bot.adapter.registerOutlet('ordered', {
      ordered: true,
      deliver(_reference, activities) {
        sent.push(...activities);
        return new Promise((resolve, reject) => delivering.push({ resolve: () => resolve(activities.map(() => ({ id: randomUUID() }))), reject }));
      },
    });
    stores.push(s);
    bots.push(bot);
  }
});

/** Deliveries to the `ordered` outlet, answered when a test says so. */
const delivering: { resolve: () => void; reject: (err: Error) => void }[] = [];

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

  it('takes the lock while the channel is still storing the message, and answers once it has its id', async () => {
    const conversation = `c-${randomUUID()}`;
    const lockKey = `${prefix}lock:test/${conversation}`;
    let stored!: (id: string) => void;
    const activity = Object.assign(message(conversation, 'syarat paspor apa?'), { id: '' });
    const turn = bots[0]!.run(activity, new Promise<string>((resolve) => (stored = resolve)));
    await until(async () => (await stores[0]!.redis!.exists(lockKey)) === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.filter((a) => a.conversation?.id === conversation)).toEqual([]);
    stored(`${conversation}|0000001`);
    await turn;
    const replies = sent.filter((a) => a.conversation?.id === conversation);
    expect(replies.map((a) => a.replyToId)).toEqual([`${conversation}|0000001`]);
    expect(replies[0]!.text).toMatch(/Paspor/);
    expect(await stores[0]!.redis!.exists(lockKey)).toBe(0);
  });

  it('runs no turn when the message could not be stored, and frees the lock for the next one', async () => {
    const conversation = `c-${randomUUID()}`;
    const lockKey = `${prefix}lock:test/${conversation}`;
    let failed!: (err: Error) => void;
    const turn = bots[0]!.run(message(conversation, 'syarat paspor apa?'), new Promise<string>((_, reject) => (failed = reject)));
    await until(async () => (await stores[0]!.redis!.exists(lockKey)) === 1);
    failed(new Error('the log refused it'));
    await turn;
    expect(sent.filter((a) => a.conversation?.id === conversation)).toEqual([]);
    expect(await stores[0]!.redis!.exists(lockKey)).toBe(0);
    const next = message(conversation, 'biaya paspor berapa?');
    await bots[1]!.run(next);
    expect(sent.filter((a) => a.conversation?.id === conversation).map((a) => a.replyToId)).toEqual([next.id]);
  });
});

describe('an outlet whose deliveries keep their order', () => {
  it('gets the answer in the same round trip as the turn\'s last writes: state saved and lock freed before the delivery answers', async () => {
    const conversation = `c-${randomUUID()}`;
    const lockKey = `${prefix}lock:ordered/${conversation}`;
    const stateKey = `${prefix}state:ordered/conversations/${conversation}/`;
    const activity = message(conversation, 'syarat paspor apa?', { channelId: 'ordered' });
    let ran = false;
    const turn = bots[0]!.run(activity).then(() => (ran = true));
    await until(async () => delivering.length === 1 && (await stores[0]!.redis!.exists(stateKey)) === 1);
    expect(await stores[0]!.redis!.exists(lockKey)).toBe(0);
    const replies = sent.filter((a) => a.conversation?.id === conversation);
    expect(replies.map((a) => a.replyToId)).toEqual([activity.id]);
    expect(replies[0]!.text).toMatch(/Paspor/);
    // The transcript entry went with the answer too.
    const transcript = await stores[0]!.handoff.readTranscript(`ordered/${conversation}`, 10);
    expect(transcript.map((e) => e.author)).toEqual(['citizen', 'bot']);
    expect(ran).toBe(false); // the turn is over only once the answer is delivered
    delivering.shift()!.resolve();
    await turn;
  });

  it('fails the turn when the delivery fails, and says so to the citizen', async () => {
    const conversation = `c-${randomUUID()}`;
    const activity = message(conversation, 'syarat paspor apa?', { channelId: 'ordered' });
    const turn = bots[0]!.run(activity);
    await until(async () => delivering.length === 1);
    delivering.shift()!.reject(new Error('the log refused it'));
    await until(async () => delivering.length === 1);
    const replies = sent.filter((a) => a.conversation?.id === conversation);
    expect(replies).toHaveLength(2);
    expect(replies[1]!.text).toMatch(/gangguan|maaf/i);
    // The turn is over only once the error reply is delivered as well.
    let ran = false;
    void turn.then(() => (ran = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran).toBe(false);
    delivering.shift()!.resolve();
    await turn;
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

