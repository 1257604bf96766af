import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import type { DedupStore } from './dedup.js';

/** Seen message ids in Redis (SET NX with an expiry): one instance processes a redelivery, the others skip it. */
export class RedisDedupStore implements DedupStore {
  private readonly retentionMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
  ) {
    this.retentionMs = Math.round(retentionDays * 86_400_000);
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const px = Math.max(1, Math.ceil(Math.min(ttlMs, this.retentionMs)));
    return (await this.redis.set(this.keys.key('wa', 'seen', key), '1', { NX: true, PX: px })) === 'OK';
  }
}
