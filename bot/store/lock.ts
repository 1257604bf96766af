import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`);

export class LockTimeoutError extends Error {}

/**
 * A per-conversation lock shared by every instance, so one conversation's turns stay in order even
 * when its messages reach different instances. The lock expires on its own if its holder dies.
 */
export class RedisLock {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlMs = 15_000,
    private readonly waitMs = 10_000,
  ) {}

  async withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    const key = this.keys.key('lock', name);
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let delay = 5;
    while ((await this.redis.set(key, token, { NX: true, PX: this.ttlMs })) !== 'OK') {
      if (Date.now() > deadline) throw new LockTimeoutError(`Timed out waiting for the turn lock of ${name}`);
      await sleep(delay);
      delay = Math.min(delay * 2, 100);
    }
    try {
      return await task();
    } finally {
      await RELEASE.run(this.redis, { keys: [key], arguments: [token] }).catch(() => undefined);
    }
  }
}
