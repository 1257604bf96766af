import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Storage } from 'botbuilder-core';
import type { Logger } from 'pino';
import type wwebjs from 'whatsapp-web.js';
import type { OfficerAccounts } from '../channels/console/accounts/accounts.js';
import { FileOfficerAccounts } from '../channels/console/accounts/file-accounts.js';
import { MemorySessionStore, type SessionStore } from '../channels/console/auth/sessions.js';
import { MemoryActivityStore, type ActivityStore, type StoredActivity } from '../channels/webchat/store/activity-store.js';
import type { CloudStores } from '../channels/whatsapp/cloud/plugin.js';
import { MemoryChoiceMemory } from '../channels/whatsapp/store/choices.js';
import { MemoryDedupStore } from '../channels/whatsapp/store/dedup.js';
import { MemoryDeliveryStatusStore } from '../channels/whatsapp/store/delivery-status.js';
import { MemoryLastInboundStore } from '../channels/whatsapp/store/last-inbound.js';
import type { Config } from './config.js';
import { MemoryHandoffStore } from './handoff/memory-store.js';
import type { HandoffEvent, HandoffStore } from './handoff/types.js';
import { MemoryBus, type Bus } from './store/bus.js';
import { MemoryStateStorage } from './store/memory-state-storage.js';
import type { RedisLock } from './store/lock.js';
import type { Redis } from './store/redis.js';

export interface WebChatRelayMessage {
  conversationId: string;
  activities: StoredActivity[];
}

const RELAY_PREFIX = '{"conversationId":"';

/**
 * The conversation of a relay message as published (JSON whose first member is `conversationId`, see
 * RedisActivityStore's APPEND), read without parsing the message; undefined when it is not in that form
 * or the id has escapes (the message is then parsed).
 */
export function relayedConversationId(raw: string): string | undefined {
  if (!raw.startsWith(RELAY_PREFIX)) return undefined;
  const end = raw.indexOf('"', RELAY_PREFIX.length);
  const id = end < 0 ? '' : raw.slice(RELAY_PREFIX.length, end);
  return id === '' || id.includes('\\') ? undefined : id;
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
    const retentionMs = config.RETENTION_DAYS * 86_400_000;
    return {
      kind: 'memory',
      handoff: new MemoryHandoffStore({ retentionMs }),
      state: new MemoryStateStorage(retentionMs),
      activities: new MemoryActivityStore({ retentionMs }),
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
  // Loaded only when used: the Redis client and its stores are not needed for the zero-setup default.
  const { openRedisStores } = await import('./store/redis-stores.js');
  return openRedisStores(config.REDIS_URL, config, logger);
}
