import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder-core';
import { ETagConflictError, jsonToWrite, readStateItem, splitStateItem } from '../state.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

/*
 * A conversation's state is one string, `<eTag> <JSON>`: in Redis a hash holding a value this long
 * becomes a hashtable, about twice the size. State written before this format is a hash
 * `{ etag, doc }`; it is read as such until its next write replaces it.
 */

// Writes only if the stored eTag matches the one the turn read (or the caller passed "*" / none).
const WRITE_IF_MATCH = new LuaScript(`
local stored = redis.pcall('GET', KEYS[1])
local current
if type(stored) == 'table' and stored.err then
  current = redis.call('HGET', KEYS[1], 'etag')
elseif stored then
  current = string.sub(stored, 1, string.find(stored, ' ', 1, true) - 1)
end
if ARGV[1] ~= '' and ARGV[1] ~= '*' and current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[3] .. ' ' .. ARGV[2], 'EX', ARGV[4])
return 1`);

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
        const stored = await this.readOne(this.keys.key('state', key));
        if (stored) items[key] = readStateItem({ ...JSON.parse(stored.json), eTag: stored.eTag }, stored.json);
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const eTag = item?.eTag;
        const json = jsonToWrite(item ?? {});
        // Random, and short: it is stored with every state. randomUUID draws from a cached pool of
        // entropy; randomBytes asks the kernel on every call. The last 12 hex digits are 48 random bits.
        const newETag = randomUUID().slice(-12);
        const written = await WRITE_IF_MATCH.run(this.redis, {
          keys: [this.keys.key('state', key)],
          arguments: [typeof eTag === 'string' ? eTag : '', json, newETag, String(this.ttl)],
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

  private async readOne(key: string): Promise<{ eTag: string; json: string } | undefined> {
    try {
      const stored = await this.redis.get(key);
      return stored === null ? undefined : splitStateItem(stored);
    } catch (err) {
      if (!(err as Error).message.startsWith('WRONGTYPE')) throw err;
      const [eTag, doc] = await this.redis.hmGet(key, ['etag', 'doc']);
      return typeof doc === 'string' ? { eTag: eTag ?? '', json: doc } : undefined;
    }
  }
}
