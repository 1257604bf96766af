import { randomBytes } from 'node:crypto';
import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder-core';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { BoundedMap } from '../../bot/bounded-map.js';
import type { Outlet, TurnRunner } from '../../bot/channel.js';
import type { Bus } from '../../bot/store/bus.js';
import type { WebChatRelayMessage } from '../../bot/stores.js';
import {
  BOT_ACCOUNT,
  CHANNEL_ID,
  citizenActivity,
  outgoingActivity,
  toTurnActivity,
  type ClientActivity,
} from './directline/activity.js';
import type { StreamHub } from './directline/stream.js';
import { DirectLineError } from './directline/errors.js';
import { UnknownConversationError, type ActivitySet, type ActivityStore, type ConversationMeta, type StoredActivity } from './store/activity-store.js';

export interface MessageCounter {
  message(channel: string, direction: 'in' | 'out', count?: number): void;
}

export interface WebChatDeps {
  store: ActivityStore;
  streams: StreamHub;
  /**
   * Carries new activities to every instance, so the one holding a citizen's stream pushes them
   * (Redis pub/sub when several instances share a Redis). Without it, this instance's streams only.
   */
  relay?: Bus<WebChatRelayMessage>;
  runner: TurnRunner;
  logger: FastifyBaseLogger;
  metrics?: MessageCounter;
  now?: () => Date;
}

/** How many started conversations' metadata an instance keeps (a few hundred bytes each). */
const REMEMBERED_CONVERSATIONS = 10_000;

export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

export function newUserId(): string {
  // `dl_` marks a user id that the server embedded in the token (Direct Line's convention).
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/**
 * The web chat conversations of this instance: what clients post goes into the activity log, out to
 * every open stream and to the bot; what the bot (or an officer) says comes back through `deliver`,
 * the channel's Outlet, and takes the same way out.
 */
export class WebChatConversations implements Outlet {
  /** Appends to a conversation's log are queued in call order (one store, one connection). */
  readonly ordered = true;
  private readonly running = new Set<Promise<void>>();
  private readonly now: () => Date;
  /**
   * Started conversations this instance has seen, so that a message does not read the conversation's
   * metadata from the store again (a Redis round trip per message): once started, it changes no more.
   * A conversation that expired in the store meanwhile is found out when its log refuses the message.
   * Bounded, oldest first out. None with a store in this process, which answers as fast and would
   * otherwise hold every conversation's metadata twice.
   */
  private readonly started: BoundedMap<string, ConversationMeta> | undefined;

  constructor(private readonly deps: WebChatDeps) {
    this.now = deps.now ?? (() => new Date());
    this.started = deps.store.inProcess ? undefined : new BoundedMap(REMEMBERED_CONVERSATIONS);
  }

  async create(userId: string = newUserId()): Promise<ConversationMeta> {
    const at = this.now().getTime();
    const meta: ConversationMeta = { id: newConversationId(), userId, createdAt: at, started: false, lastActivityAt: at };
    await this.deps.store.createConversation(meta);
    return meta;
  }

  async get(conversationId: string): Promise<ConversationMeta | undefined> {
    const known = this.started?.get(conversationId);
    if (known) return { ...known };
    const meta = await this.deps.store.getConversation(conversationId);
    if (meta?.started) this.started?.set(meta.id, { ...meta });
    return meta;
  }

  /**
   * Starts a conversation a token was issued for (recreating it if this instance lost it). Returns
   * false when it had already been started. The bot hears a conversationUpdate, as with Azure.
   */
  async start(conversationId: string, userId: string | undefined, serviceUrl: string): Promise<boolean> {
    let meta = await this.deps.store.getConversation(conversationId);
    if (meta?.started) return false;
    if (!meta) {
      const at = this.now().getTime();
      meta = { id: conversationId, ...(userId ? { userId } : {}), createdAt: at, started: false, lastActivityAt: at };
      await this.deps.store.createConversation(meta);
    }
    await this.deps.store.updateConversation(conversationId, { started: true });
    this.started?.set(conversationId, { ...meta, started: true });
    const members = [{ id: BOT_ACCOUNT.id, name: BOT_ACCOUNT.name }, ...(meta.userId ? [{ id: meta.userId }] : [])];
    this.runTurn({
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      timestamp: this.now(),
      channelId: CHANNEL_ID,
      serviceUrl,
      from: { id: meta.userId ?? 'user', role: 'user' } as Activity['from'],
      recipient: { id: BOT_ACCOUNT.id, role: 'bot' } as Activity['recipient'],
      conversation: { id: conversationId } as Activity['conversation'],
      membersAdded: members as Activity['membersAdded'],
    });
    return true;
  }

  /** A client posted an activity: log it, echo it to the streams, and let the bot take its turn. */
  async receive(conversationId: string, input: ClientActivity, userId: string, serviceUrl: string): Promise<string> {
    // Typing from a citizen is acknowledged but neither logged nor sent to the bot, which ignores it.
    if (input.type === 'typing') return `${conversationId}|typing`;
    const activity = citizenActivity(input, { conversationId, userId, serviceUrl, now: this.now() });
    const appending = this.append(conversationId, [activity]);
    const storing = appending.then((set) => (set.activities[0] as StoredActivity).id);
    // The turn starts while the activity is stored: with Redis, its lock and reads go in the same
    // round trip as the append. It waits for the id, and does not run if the append fails.
    this.runTurn(toTurnActivity(activity), storing);
    let appended: ActivitySet;
    try {
      appended = await appending;
    } catch (err) {
      if (!(err instanceof UnknownConversationError)) throw err;
      this.started?.delete(conversationId);
      throw new DirectLineError(404, 'NotFound', 'Conversation not found or expired: start a new one');
    }
    if (input.type === 'message') this.deps.metrics?.message(CHANNEL_ID, 'in');
    return (appended.activities[0] as StoredActivity).id;
  }

  read(conversationId: string, watermark?: number): Promise<ActivitySet> {
    return this.deps.store.readSince(conversationId, watermark);
  }

  /** A client's WebSocket: replays the log after `watermark` (all of it when undefined), then follows it. */
  openStream(conversationId: string, socket: WebSocket, watermark?: number): Promise<void> {
    return this.deps.streams.open(conversationId, socket, watermark ?? 0, () => this.read(conversationId, watermark));
  }

  /** The channel's Outlet: the bot's (or an officer's) activities for one conversation. */
  async deliver(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = reference.conversation?.id;
    // The log itself refuses a conversation it does not know (never started, or expired).
    if (!conversationId) throw new Error('web chat: no conversation to deliver to');
    const now = this.now();
    const set = await this.append(
      conversationId,
      activities.map((a) => outgoingActivity(a, conversationId, now)),
    );
    this.deps.metrics?.message(CHANNEL_ID, 'out', set.activities.filter((a) => a.type === 'message').length);
    return set.activities.map((a) => ({ id: a.id }));
  }

  /** Resolves when every turn started by this channel has finished (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async append(conversationId: string, activities: Record<string, unknown>[]): Promise<ActivitySet> {
    const set = await this.deps.store.append(conversationId, activities);
    if (this.deps.store.announces) return set;
    if (this.deps.relay) await this.deps.relay.publish({ conversationId, activities: set.activities });
    else this.deps.streams.publish(conversationId, set.activities);
    return set;
  }

  private runTurn(activity: Partial<Activity>, storing?: Promise<string>): void {
    const turn = this.deps.runner.run(activity, storing).catch((err: unknown) => {
      this.deps.logger.error({ err, conversation: activity.conversation?.id }, 'web chat turn failed');
    });
    this.running.add(turn);
    void turn.finally(() => this.running.delete(turn));
  }
}
