import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder-core';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

// Writes only if the stored eTag matches the one the turn read (or the caller passed "*" / none).
const WRITE_IF_MATCH = `
local current = redis.call('HGET', KEYS[1], 'etag')
if ARGV[1] ~= '' and ARGV[1] ~= '*' and current and current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'etag', ARGV[3], 'doc', ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1`;

export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage: eTag conflict on "${key}" (the state was changed by another turn)`);
  }
}

/**
 * botbuilder's Storage on Redis, honouring eTags for real: a turn that read an old version of the
 * conversation state cannot overwrite a newer one.
 */
export class RedisStateStorage implements Storage {
  private readonly ttl: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
  ) {
    this.ttl = Math.round(retentionDays * 86400);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const stored = await this.redis.hmGet(this.keys.key('state', key), ['etag', 'doc']);
        const [eTag, doc] = stored;
        if (typeof doc === 'string') items[key] = { ...JSON.parse(doc), eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...doc } = (item ?? {}) as Record<string, unknown>;
        const newETag = randomUUID();
        const written = await this.redis.eval(WRITE_IF_MATCH, {
          keys: [this.keys.key('state', key)],
          arguments: [typeof eTag === 'string' ? eTag : '', JSON.stringify(doc), newETag, String(this.ttl)],
        });
        if (written !== 1) throw new ETagConflictError(key);
        // As botbuilder's MemoryStorage does: the caller's item now carries the version it wrote.
        if (item) item.eTag = newETag;
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(keys.map((k) => this.keys.key('state', k)));
  }
}
