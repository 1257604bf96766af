import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import { STATUS_RANK, STATUS_TTL_MS, type DeliveryStatus, type DeliveryStatusStore } from './delivery-status.js';
import { LuaScript } from '../../../bot/store/script.js';

// Keeps the furthest state even when two instances handle out-of-order callbacks at the same moment.
const RECORD = new LuaScript(`
local known = tonumber(redis.call('HGET', KEYS[1], 'rank') or '-1')
if known > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rank', ARGV[1], 'status', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`);

/** Delivery statuses of our messages in Redis, a hash per message id. */
export class RedisDeliveryStatusStore implements DeliveryStatusStore {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
  ) {
    this.ttlMs = Math.min(STATUS_TTL_MS, Math.round(retentionDays * 86_400_000));
  }

  async record(status: DeliveryStatus): Promise<void> {
    await RECORD.run(this.redis, {
      keys: [this.statusKey(status.messageId)],
      arguments: [String(STATUS_RANK[status.status] ?? 0), JSON.stringify(status), String(this.ttlMs)],
    });
  }

  async latest(messageId: string): Promise<DeliveryStatus | undefined> {
    const raw = await this.redis.hGet(this.statusKey(messageId), 'status');
    if (!raw) return undefined;
    const status = JSON.parse(raw) as Omit<DeliveryStatus, 'timestamp'> & { timestamp: string };
    return { ...status, timestamp: new Date(status.timestamp) };
  }

  private statusKey(messageId: string): string {
    return this.keys.key('wa', 'status', messageId);
  }
}
