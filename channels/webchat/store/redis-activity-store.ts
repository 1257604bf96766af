import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import { activityId, type ActivitySet, type ActivityStore, type ConversationMeta, type StoredActivity } from './activity-store.js';

// Appends atomically; the sequence number of an activity is its position in the log plus the number
// of activities trimmed from its head, so ids and watermarks never need the JSON to be rewritten.
const APPEND = `
local len = redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
local base = tonumber(redis.call('GET', KEYS[2]) or '0')
local last = base + len
local max = tonumber(ARGV[2])
if len > max then
  redis.call('LTRIM', KEYS[1], len - max, -1)
  redis.call('SET', KEYS[2], base + len - max)
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[1])
return last`;

const READ = `
local base = tonumber(redis.call('GET', KEYS[2]) or '0')
local len = redis.call('LLEN', KEYS[1])
local start = tonumber(ARGV[1]) - base
if start < 0 then start = 0 end
local items = redis.call('LRANGE', KEYS[1], start, -1)
table.insert(items, 1, tostring(base + len))
table.insert(items, 1, tostring(base + start))
return items`;

/** The Direct Line activity log in Redis, shared by every instance. */
export class RedisActivityStore implements ActivityStore {
  private readonly ttl: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
    private readonly maxActivities = 1000,
  ) {
    this.ttl = Math.round(retentionDays * 86400);
  }

  async createConversation(meta: ConversationMeta): Promise<void> {
    await this.redis.set(this.keys.key('dl', 'meta', meta.id), JSON.stringify(meta), { EX: this.ttl, NX: true });
  }

  async getConversation(id: string): Promise<ConversationMeta | undefined> {
    const raw = await this.redis.get(this.keys.key('dl', 'meta', id));
    return raw ? (JSON.parse(raw) as ConversationMeta) : undefined;
  }

  async updateConversation(id: string, patch: Partial<Omit<ConversationMeta, 'id'>>): Promise<void> {
    const meta = await this.getConversation(id);
    if (meta) await this.redis.set(this.keys.key('dl', 'meta', id), JSON.stringify({ ...meta, ...patch }), { EX: this.ttl });
  }

  async append(conversationId: string, activities: Record<string, unknown>[]): Promise<ActivitySet> {
    if (activities.length === 0) return this.readSince(conversationId, Number.MAX_SAFE_INTEGER);
    const bodies = activities.map((a) => {
      const { id: _ignored, ...body } = a;
      return JSON.stringify(body);
    });
    const last = Number(
      await this.redis.eval(APPEND, {
        keys: [...this.logKeys(conversationId), this.keys.key('dl', 'meta', conversationId)],
        arguments: [String(this.ttl), String(this.maxActivities), ...bodies],
      }),
    );
    const first = last - activities.length + 1;
    const stored = activities.map((a, i) => ({ ...a, id: activityId(conversationId, first + i) }));
    return { activities: stored, watermark: last };
  }

  async readSince(conversationId: string, watermark?: number): Promise<ActivitySet> {
    const reply = (await this.redis.eval(READ, {
      keys: this.logKeys(conversationId),
      arguments: [String(watermark ?? 0)],
    })) as string[];
    const [offset, total, ...items] = reply;
    const start = Number(offset);
    const activities: StoredActivity[] = items.map((raw, i) => ({
      ...(JSON.parse(raw) as Record<string, unknown>),
      id: activityId(conversationId, start + i + 1),
    }));
    return { activities, watermark: Number(total) };
  }

  async ping(): Promise<boolean> {
    try {
      return this.redis.isReady && (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  private logKeys(conversationId: string): string[] {
    return [this.keys.key('dl', 'log', conversationId), this.keys.key('dl', 'base', conversationId)];
  }
}
