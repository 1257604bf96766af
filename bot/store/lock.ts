import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`);

export class LockTimeoutError extends Error {}

/**
 * A per-conversation lock shared by every instance, so one conversation's turns stay in order even
 * when its messages reach different instances. The lock expires on its own if its holder dies; a
 * waiter waits longer than that, so that a turn behind a dead holder runs late rather than fails.
 */
export class RedisLock {
  private readonly waitMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlMs = 15_000,
  ) {
    this.waitMs = ttlMs + Math.max(1_000, ttlMs / 5);
  }

  /**
   * Runs `task` holding the lock. `reads.start` is called right after the request for the lock is sent,
   * so that the task's first reads go to Redis in the same write, behind it: when the lock is taken at
   * once they see everything its last holder wrote; when it was not free, `reads.discard` drops them and
   * the task reads afresh. The task may call `release` once its last write is sent: the release then
   * goes right behind that write (Redis runs one connection's commands in order) instead of a round
   * trip later. Otherwise the lock is released when the task ends.
   */
  async withLock<T>(name: string, task: (release: () => void) => Promise<T>, reads?: { start(): void; discard(): void }): Promise<T> {
    const key = this.keys.key('lock', name);
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    // A lock is usually held for one more round trip (the holder's last writes): look again soon.
    let delay = 1;
    const taking = this.redis.set(key, token, { NX: true, PX: this.ttlMs });
    reads?.start();
    if ((await taking) !== 'OK') {
      reads?.discard();
      while ((await this.redis.set(key, token, { NX: true, PX: this.ttlMs })) !== 'OK') {
        if (Date.now() > deadline) throw new LockTimeoutError(`Timed out waiting for the turn lock of ${name}`);
        await sleep(delay);
        delay = Math.min(delay * 2, 100);
      }
    }
    let released: Promise<unknown> | undefined;
    const release = () => {
      released ??= RELEASE.run(this.redis, { keys: [key], arguments: [token] }).catch(() => undefined);
    };
    try {
      return await task(release);
    } finally {
      release();
      await released;
    }
  }
}
