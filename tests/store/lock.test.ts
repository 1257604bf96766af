import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keys } from '../../bot/store/keys.js';
import { RedisLock } from '../../bot/store/lock.js';
import { connectRedis, type Redis } from '../../bot/store/redis.js';
import { startRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
let client: Redis;
const keys = new Keys('locktest:');

beforeAll(async () => {
  redis = await startRedis();
  client = await connectRedis({ url: redis.url, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

describe('RedisLock', () => {
  it('starts the reads with the request for a free lock, and keeps them', async () => {
    const lock = new RedisLock(client, keys);
    const events: string[] = [];
    await lock.withLock('a', async () => {
      events.push(`task (held: ${await client.get(keys.key('lock', 'a')) !== null})`);
    }, { start: () => events.push('start'), discard: () => events.push('discard') });
    expect(events).toEqual(['start', 'task (held: true)']);
    expect(await client.get(keys.key('lock', 'a'))).toBeNull();
  });

  it('drops reads made while another holder had the lock, and runs only after its release', async () => {
    const lock = new RedisLock(client, keys);
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = lock.withLock('b', () => new Promise<void>((resolve) => (releaseFirst = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = lock.withLock('b', async () => {
      events.push('second task');
    }, { start: () => events.push('start'), discard: () => events.push('discard') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(['start', 'discard']);
    events.push('first done');
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['start', 'discard', 'first done', 'second task']);
  });

  it('frees the lock when the task releases it early, before the task ends', async () => {
    const lock = new RedisLock(client, keys);
    let heldAfterRelease: string | null = 'unknown';
    await lock.withLock('c', async (release) => {
      await client.set(keys.key('written'), 'yes');
      release();
      heldAfterRelease = await client.get(keys.key('lock', 'c'));
    });
    expect(heldAfterRelease).toBeNull();
    expect(await client.get(keys.key('written'))).toBe('yes');
  });

  it('frees the lock when the task fails', async () => {
    const lock = new RedisLock(client, keys);
    await expect(lock.withLock('d', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await client.get(keys.key('lock', 'd'))).toBeNull();
  });

  it('takes a lock its holder left behind (the holder died) once it expires, instead of giving up first', async () => {
    const lock = new RedisLock(client, keys, 1_500);
    await client.set(keys.key('lock', 'e'), 'a-holder-that-died', { PX: 1_500 });
    const started = Date.now();
    let ran = false;
    await lock.withLock('e', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(await client.get(keys.key('lock', 'e'))).toBeNull();
  });
});
