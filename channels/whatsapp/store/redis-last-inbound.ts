import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import { LAST_INBOUND_KEEP_MS, type LastInboundStore } from './last-inbound.js';
import { LuaScript } from '../../../bot/store/script.js';

// Moves the time forward only, in one step, whichever instance handles the later message first.
const TOUCH = new LuaScript(`
local known = tonumber(redis.call('GET', KEYS[1]) or '-1')
if known >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`);

/** When each citizen last wrote (the 24-hour window), in Redis. */
export class RedisLastInboundStore implements LastInboundStore {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
  ) {
    this.ttlMs = Math.min(LAST_INBOUND_KEEP_MS, Math.round(retentionDays * 86_400_000));
  }

  async touch(conversationId: string, at: number): Promise<void> {
    await TOUCH.run(this.redis, { keys: [this.timeKey(conversationId)], arguments: [String(at), String(this.ttlMs)] });
  }

  async get(conversationId: string): Promise<number | undefined> {
    const raw = await this.redis.get(this.timeKey(conversationId));
    return raw === null ? undefined : Number(raw);
  }

  private timeKey(conversationId: string): string {
    return this.keys.key('wa', 'last-inbound', conversationId);
  }
}
