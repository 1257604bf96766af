import { MemoryStorage, type Storage } from 'botbuilder-core';
import type { Logger } from 'pino';
import { MemoryActivityStore, type ActivityStore, type StoredActivity } from '../channels/webchat/store/activity-store.js';
import { RedisActivityStore } from '../channels/webchat/store/redis-activity-store.js';
import type { Config } from './config.js';
import { MemoryHandoffStore } from './handoff/memory-store.js';
import type { HandoffEvent, HandoffStore } from './handoff/types.js';
import { MemoryBus, RedisBus, type Bus } from './store/bus.js';
import { Keys } from './store/keys.js';
import { RedisLock } from './store/lock.js';
import { connectRedis, redisAnswers, type Redis } from './store/redis.js';
import { RedisHandoffStore } from './store/redis-handoff-store.js';
import { RedisStateStorage } from './store/redis-state-storage.js';

export interface WebChatRelayMessage {
  conversationId: string;
  activities: StoredActivity[];
}

/** Every piece of state, in memory (one process, lost on restart) or in Redis (shared, durable). */
export interface Stores {
  kind: 'memory' | 'redis';
  handoff: HandoffStore;
  state: Storage;
  activities: ActivityStore;
  events: Bus<HandoffEvent>;
  /** New web chat activities, so that the instance holding a citizen's stream can push them. */
  webchat: Bus<WebChatRelayMessage>;
  /** Serialises one conversation's turns across instances (Redis only; one process needs none). */
  lock?: RedisLock;
  redis?: Redis;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export class StoreConfigError extends Error {}

export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  if (!config.REDIS_URL) {
    if (config.NODE_ENV === 'production') {
      throw new StoreConfigError(
        'REDIS_URL is not set: in production Layani refuses the in-memory store, which loses conversations, queue and tickets on restart.',
      );
    }
    return {
      kind: 'memory',
      handoff: new MemoryHandoffStore(),
      state: new MemoryStorage(),
      activities: new MemoryActivityStore({ retentionMs: config.RETENTION_DAYS * 86_400_000 }),
      events: new MemoryBus(),
      webchat: new MemoryBus(),
      ready: async () => true,
      close: async () => undefined,
    };
  }
  const redis = await connectRedis({ url: config.REDIS_URL, logger });
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined); // reported once by the main client
  await subscriber.connect();
  const keys = new Keys(config.REDIS_PREFIX);
  return {
    kind: 'redis',
    redis,
    handoff: new RedisHandoffStore(redis, keys, config.RETENTION_DAYS),
    state: new RedisStateStorage(redis, keys, config.RETENTION_DAYS),
    activities: new RedisActivityStore(redis, keys, config.RETENTION_DAYS),
    events: await RedisBus.open<HandoffEvent>(redis, subscriber, keys.key('events'), logger),
    webchat: await RedisBus.open<WebChatRelayMessage>(redis, subscriber, keys.key('webchat'), logger),
    lock: new RedisLock(redis, keys),
    ready: () => redisAnswers(redis),
    close: async () => {
      await Promise.allSettled([subscriber.close(), redis.close()]);
    },
  };
}
