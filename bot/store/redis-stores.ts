import type { Logger } from 'pino';
import { RedisOfficerAccounts } from '../../channels/console/accounts/redis-accounts.js';
import { RedisSessionStore } from '../../channels/console/auth/redis-sessions.js';
import { RedisActivityStore } from '../../channels/webchat/store/redis-activity-store.js';
import { RedisChoiceMemory } from '../../channels/whatsapp/store/redis-choices.js';
import { RedisDedupStore } from '../../channels/whatsapp/store/redis-dedup.js';
import { RedisDeliveryStatusStore } from '../../channels/whatsapp/store/redis-delivery-status.js';
import { RedisLastInboundStore } from '../../channels/whatsapp/store/redis-last-inbound.js';
import { RedisRemoteAuthStore } from '../../channels/whatsapp/store/redis-remote-auth.js';
import type { Config } from '../config.js';
import type { HandoffEvent } from '../handoff/types.js';
import type { Stores, WebChatRelayMessage } from '../stores.js';
import { RedisBus } from './bus.js';
import { Keys } from './keys.js';
import { RedisLock } from './lock.js';
import { redisRateLimitStore } from './rate-limit-store.js';
import { connectRedis, redisAnswers } from './redis.js';
import { RedisHandoffStore } from './redis-handoff-store.js';
import { RedisStateStorage } from './redis-state-storage.js';

/** Every piece of state in one Redis, shared by every instance. */
export async function openRedisStores(url: string, config: Config, logger: Logger): Promise<Stores> {
  const redis = await connectRedis({ url, logger });
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined); // reported once by the main client
  await subscriber.connect();
  const keys = new Keys(config.REDIS_PREFIX);
  const webchatChannel = keys.key('webchat');
  const eventsChannel = keys.key('events');
  return {
    kind: 'redis',
    redis,
    // The transcript announces each entry on the live events channel itself, in the same step as the write.
    handoff: new RedisHandoffStore(redis, keys, config.RETENTION_DAYS, { announceOn: eventsChannel }),
    state: new RedisStateStorage(redis, keys, config.RETENTION_DAYS),
    // The log announces its new activities on the relay's channel itself, in the same step as the write.
    activities: new RedisActivityStore(redis, keys, config.RETENTION_DAYS, { announceOn: webchatChannel }),
    // Live events for officers' consoles: heard only by instances where a console is open.
    events: await RedisBus.open<HandoffEvent>(redis, subscriber, eventsChannel, logger, { lazy: true }),
    webchat: await RedisBus.open<WebChatRelayMessage>(redis, subscriber, webchatChannel, logger),
    lock: new RedisLock(redis, keys),
    sessions: new RedisSessionStore(redis, keys),
    accounts: new RedisOfficerAccounts(redis, keys),
    whatsapp: {
      choices: new RedisChoiceMemory(redis, keys, config.RETENTION_DAYS),
      dedup: new RedisDedupStore(redis, keys, config.RETENTION_DAYS),
      statuses: new RedisDeliveryStatusStore(redis, keys, config.RETENTION_DAYS),
      lastInbound: new RedisLastInboundStore(redis, keys, config.RETENTION_DAYS),
    },
    remoteAuth: new RedisRemoteAuthStore(redis, keys, config.WHATSAPP_SESSION_DIR, config.RETENTION_DAYS),
    rateLimit: redisRateLimitStore(redis, keys),
    ready: () => redisAnswers(redis),
    close: async () => {
      await Promise.allSettled([subscriber.close(), redis.close()]);
    },
  };
}
