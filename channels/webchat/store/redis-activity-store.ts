import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import {
  UnknownConversationError,
  activityId,
  withId,
  type ActivitySet,
  type ActivityStore,
  type ConversationMeta,
  type ConversationUpdate,
  type StoredActivity,
} from './activity-store.js';
import { restoredActivity, storedAndPlain } from './stored-activity.js';
import { LuaScript } from '../../../bot/store/script.js';

// Appends atomically.
// KEYS: the log; how many activities were trimmed from its head (once it has been trimmed); the
// conversation's metadata.
// ARGV: expiry (s); the log's maximum length; n; the relay channel ('' for none), the relay message's
// JSON before and after its list of activities, and the JSON start of each id (`"id":"<conversation>|`);
// the n entries to store; with a channel, the n activities' JSON to publish, each then closed with its id.
// An activity's sequence number is its position in the log plus the number trimmed, so ids and
// watermarks never need an entry to be rewritten. Refreshing the metadata's expiry first also tells
// whether the conversation exists: an unknown (or expired) one gets nil and no entry.
const APPEND = new LuaScript(`
if redis.call('EXPIRE', KEYS[3], ARGV[1]) == 0 then return false end
local n = tonumber(ARGV[3])
local len = redis.call('RPUSH', KEYS[1], unpack(ARGV, 8, 7 + n))
redis.call('EXPIRE', KEYS[1], ARGV[1])
local base = tonumber(redis.call('GET', KEYS[2]) or '0')
local last = base + len
local max = tonumber(ARGV[2])
if len > max then
  redis.call('LTRIM', KEYS[1], len - max, -1)
  redis.call('SET', KEYS[2], base + len - max, 'EX', ARGV[1])
elseif base > 0 then
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
if ARGV[4] ~= '' then
  local published = {}
  for i = 1, n do
    local json = ARGV[7 + n + i]
    published[i] = string.sub(json, 1, -2) .. (#json > 2 and ',' or '') .. ARGV[7] .. string.format('%07d', last - n + i) .. '"}'
  end
  redis.call('PUBLISH', ARGV[4], ARGV[5] .. table.concat(published, ',') .. ARGV[6])
end
return last`);

const READ = new LuaScript(`
local base = tonumber(redis.call('GET', KEYS[2]) or '0')
local len = redis.call('LLEN', KEYS[1])
local start = tonumber(ARGV[1]) - base
if start < 0 then start = 0 end
local items = redis.call('LRANGE', KEYS[1], start, -1)
table.insert(items, 1, tostring(base + len))
table.insert(items, 1, tostring(base + start))
return items`);

export interface RedisActivityStoreOptions {
  /**
   * The pub/sub channel of the web chat relay (`WebChatRelayMessage`s): new activities are announced
   * there by the append itself, which saves a round trip per append.
   */
  announceOn?: string;
  /** Oldest activities beyond this count are dropped from a conversation's log. */
  maxActivities?: number;
}

/** The Direct Line activity log in Redis, shared by every instance. */
export class RedisActivityStore implements ActivityStore {
  readonly announces: boolean;
  readonly inProcess = false;
  private readonly ttl: number;
  private readonly maxActivities: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
    private readonly options: RedisActivityStoreOptions = {},
  ) {
    this.ttl = Math.round(retentionDays * 86400);
    this.maxActivities = options.maxActivities ?? 1000;
    this.announces = options.announceOn !== undefined;
  }

  async createConversation(meta: ConversationMeta): Promise<void> {
    await this.redis.set(this.keys.key('dl', 'meta', meta.id), storedMeta(meta), { EX: this.ttl, NX: true });
  }

  async getConversation(id: string): Promise<ConversationMeta | undefined> {
    const raw = await this.redis.get(this.keys.key('dl', 'meta', id));
    return raw ? restoredMeta(raw, id) : undefined;
  }

  async updateConversation(id: string, patch: ConversationUpdate): Promise<void> {
    const meta = await this.getConversation(id);
    if (meta) await this.redis.set(this.keys.key('dl', 'meta', id), storedMeta({ ...meta, ...patch }), { EX: this.ttl });
  }

  async append(conversationId: string, activities: Record<string, unknown>[]): Promise<ActivitySet> {
    if (activities.length === 0) return this.readSince(conversationId, Number.MAX_SAFE_INTEGER);
    const { announceOn } = this.options;
    const announcement = announceOn
      ? [announceOn, `{"conversationId":${JSON.stringify(conversationId)},"activities":[`, ']}', `"id":${JSON.stringify(`${conversationId}|`).slice(0, -1)}`]
      : ['', '', '', ''];
    const forms = activities.map((a) => storedAndPlain(a, conversationId));
    const reply = await APPEND.run(this.redis, {
      keys: [...this.logKeys(conversationId), this.keys.key('dl', 'meta', conversationId)],
      arguments: [
        String(this.ttl),
        String(this.maxActivities),
        String(activities.length),
        ...announcement,
        ...forms.map(([stored]) => stored),
        ...(announceOn ? forms.map(([, plain]) => plain) : []),
      ],
    });
    if (reply === null) throw new UnknownConversationError(conversationId);
    const last = Number(reply);
    const first = last - activities.length + 1;
    const stored = activities.map((a, i) => withId(a, activityId(conversationId, first + i)));
    return { activities: stored, watermark: last };
  }

  async readSince(conversationId: string, watermark?: number): Promise<ActivitySet> {
    const reply = (await READ.run(this.redis, {
      keys: this.logKeys(conversationId),
      arguments: [String(watermark ?? 0)],
    })) as string[];
    const [offset, total, ...items] = reply;
    const start = Number(offset);
    const activities: StoredActivity[] = items.map((raw, i) => withId(restoredActivity(raw, conversationId), activityId(conversationId, start + i + 1)));
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

/**
 * The conversation's metadata without what its key already says (its id) and, while no activity moved
 * it, without `lastActivityAt` (then equal to `createdAt`). Older metadata has both and reads the same.
 */
function storedMeta(meta: ConversationMeta): string {
  const { id: _id, lastActivityAt, ...rest } = meta;
  return JSON.stringify(lastActivityAt === meta.createdAt ? rest : { ...rest, lastActivityAt });
}

function restoredMeta(raw: string, id: string): ConversationMeta {
  const stored = JSON.parse(raw) as Omit<ConversationMeta, 'id'> & { lastActivityAt?: number };
  return { ...stored, id, lastActivityAt: stored.lastActivityAt ?? stored.createdAt };
}
