import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { MemoryStorage, type Storage } from 'botbuilder-core';
import type { Logger } from 'pino';
import type wwebjs from 'whatsapp-web.js';
import type { OfficerAccounts } from '../channels/console/accounts/accounts.js';
import { FileOfficerAccounts } from '../channels/console/accounts/file-accounts.js';
import { RedisOfficerAccounts } from '../channels/console/accounts/redis-accounts.js';
import { RedisSessionStore } from '../channels/console/auth/redis-sessions.js';
import { MemorySessionStore, type SessionStore } from '../channels/console/auth/sessions.js';
import { MemoryActivityStore, type ActivityStore, type StoredActivity } from '../channels/webchat/store/activity-store.js';
import { RedisActivityStore } from '../channels/webchat/store/redis-activity-store.js';
import type { CloudStores } from '../channels/whatsapp/cloud/plugin.js';
import { MemoryChoiceMemory } from '../channels/whatsapp/store/choices.js';
import { MemoryDedupStore } from '../channels/whatsapp/store/dedup.js';
import { MemoryDeliveryStatusStore } from '../channels/whatsapp/store/delivery-status.js';
import { MemoryLastInboundStore } from '../channels/whatsapp/store/last-inbound.js';
import { RedisChoiceMemory } from '../channels/whatsapp/store/redis-choices.js';
import { RedisDedupStore } from '../channels/whatsapp/store/redis-dedup.js';
import { RedisDeliveryStatusStore } from '../channels/whatsapp/store/redis-delivery-status.js';
import { RedisLastInboundStore } from '../channels/whatsapp/store/redis-last-inbound.js';
import { RedisRemoteAuthStore } from '../channels/whatsapp/store/redis-remote-auth.js';
import type { Config } from './config.js';
import { MemoryHandoffStore } from './handoff/memory-store.js';
import type { HandoffEvent, HandoffStore } from './handoff/types.js';
import { MemoryBus, RedisBus, type Bus } from './store/bus.js';
import { Keys } from './store/keys.js';
import { RedisLock } from './store/lock.js';
import { redisRateLimitStore } from './store/rate-limit-store.js';
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
  /** Officer console sessions. */
  sessions: SessionStore;
  /** Officer accounts: OFFICER_ACCOUNTS_FILE without Redis (they must survive restarts), else Redis. */
  accounts: OfficerAccounts;
  /** WhatsApp's offered choices, seen message ids, delivery statuses and 24-hour windows. */
  whatsapp: CloudStores;
  /** whatsapp-web.js's saved session (Redis only; LocalAuth keeps it on this disk otherwise). */
  remoteAuth?: wwebjs.Store;
  /** Rate-limit counters shared by instances (Redis only; the plugin counts in memory otherwise). */
  rateLimit?: FastifyRateLimitStoreCtor;
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
      sessions: new MemorySessionStore(),
      accounts: new FileOfficerAccounts(config.OFFICER_ACCOUNTS_FILE),
      whatsapp: {
        choices: new MemoryChoiceMemory(),
        dedup: new MemoryDedupStore(),
        statuses: new MemoryDeliveryStatusStore(),
        lastInbound: new MemoryLastInboundStore(),
      },
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
