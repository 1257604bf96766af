import { appended } from '../../../bot/appended.js';
import { TextPool, flat, owned } from '../../../bot/kept-strings.js';
import { activityFromKeptParts, hide, keptParts, show } from './stored-activity.js';

/**
 * The Direct Line activity log of each web chat conversation: what the citizen and the bot said, in
 * order, each with a sequence number (its watermark). Clients resume from a watermark, so the log is
 * the source of truth for replays; the in-memory implementation serves one instance, a shared
 * implementation (Redis) can replace it behind the same interface.
 */

/** An activity as stored and sent to clients: plain JSON with its Direct Line id. */
export type StoredActivity = Record<string, unknown> & { id: string };

export interface ConversationMeta {
  id: string;
  /** The user id bound to the conversation's tokens, if any. */
  userId?: string;
  createdAt: number;
  /** Set once a client has started the conversation (POST /conversations). */
  started: boolean;
  lastActivityAt: number;
}

export type ConversationUpdate = Partial<Pick<ConversationMeta, 'started' | 'lastActivityAt'>>;

export interface ActivitySet {
  activities: StoredActivity[];
  /** Sequence number of the last activity in the log up to this read (0 when the log is empty). */
  watermark: number;
}

/** The conversation is not in the log: never created, or expired. */
export class UnknownConversationError extends Error {
  constructor(readonly conversationId: string) {
    super(`Unknown conversation ${conversationId}`);
  }
}

export interface ActivityStore {
  /**
   * True when `append` itself announces the new activities to every instance (on the web chat relay's
   * channel), so that the caller must not relay them again.
   */
  readonly announces: boolean;
  /** True when the store lives in this process: reading from it costs no round trip, so nothing caches it. */
  readonly inProcess: boolean;
  createConversation(meta: ConversationMeta): Promise<void>;
  getConversation(id: string): Promise<ConversationMeta | undefined>;
  /** What changes of a conversation once made: whether it has started, and when it was last active. */
  updateConversation(id: string, patch: ConversationUpdate): Promise<void>;
  /**
   * Appends activities (their `id` is assigned here: `<conversationId>|<seq>`) and returns them with
   * the watermark of the last one. Appends to one conversation are totally ordered.
   */
  append(conversationId: string, activities: Record<string, unknown>[]): Promise<ActivitySet>;
  /** Activities after `watermark` (all when undefined), oldest first. */
  readSince(conversationId: string, watermark?: number): Promise<ActivitySet>;
  /** Readiness: resolves when the store can serve requests. */
  ping(): Promise<boolean>;
}

/**
 * The activity with its id, as a new object. Not `{ ...activity, id }`: on Node 20 an object made by
 * spreading gets a hidden class of its own when a property is added (about 20 times slower, and
 * half a kilobyte of garbage each time).
 */
export function withId(activity: Record<string, unknown>, id: string): StoredActivity {
  return Object.assign({}, activity, { id });
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** The sequence number inside an id made by `activityId`, or NaN. */
export function sequenceOf(id: string): number {
  const bar = id.lastIndexOf('|');
  return bar < 0 ? Number.NaN : Number(id.slice(bar + 1));
}

export interface MemoryStoreOptions {
  /** Conversations idle for longer than this are forgotten. */
  retentionMs?: number;
  /** Oldest activities beyond this count are dropped from a conversation's log. */
  maxActivitiesPerConversation?: number;
  now?: () => number;
}

/**
 * The in-memory log keeps each activity as its two parts (`keptParts` in stored-activity.ts): what belongs to it
 * alone, and what other activities repeat word for word (a catalogue answer with its quick replies, the
 * channel, the bot's account, the service address), of which the process keeps one copy, shared by every
 * conversation that got it. Both are strings, two slots of the log each: every major garbage collection
 * walks what the log holds, and in a long-running process that is most of the heap. Activities are read
 * back only for replays.
 */
class MemoryConversation {
  /** `own, shared` of each activity kept, oldest first. */
  log: string[] = [];
  /** Activities dropped from the head of the log (the first kept has sequence number `trimmed + 1`). */
  trimmed = 0;
  seq = 0;
  // The metadata's fields, here rather than in an object of their own (the id is the map's key).
  readonly userId: string | undefined;
  readonly createdAt: number;
  started: boolean;
  lastActivityAt: number;

  constructor(meta: ConversationMeta) {
    this.userId = meta.userId;
    this.createdAt = meta.createdAt;
    this.started = meta.started;
    this.lastActivityAt = meta.lastActivityAt;
  }

  meta(id: string): ConversationMeta {
    const { userId, createdAt, started, lastActivityAt } = this;
    return userId === undefined ? { id, createdAt, started, lastActivityAt } : { id, userId, createdAt, started, lastActivityAt };
  }
}

// In the own part of each activity kept, the conversation's id (in `replyToId`) is written as one
// character, as the Redis log writes it (`hide`), and the citizen's user id (in `from` or `recipient`) as
// another: JSON never leaves either character unescaped, so putting the ids back is exact.
const USER_MARK = '\u0002';

function hideIds(own: string, conversationId: string, userId: string | undefined): string {
  const hidden = hide(own, conversationId);
  return userId ? hidden.replaceAll(userId, USER_MARK) : hidden;
}

function showIds(own: string, conversationId: string, userId: string | undefined): string {
  return show(userId ? own.replaceAll(USER_MARK, userId) : own, conversationId);
}

/** The shared parts of the activities kept (pooled while they are said often). */
const sharedParts = new TextPool();

export class MemoryActivityStore implements ActivityStore {
  readonly announces = false;
  readonly inProcess = true;
  private readonly conversations = new Map<string, MemoryConversation>();
  private readonly retentionMs: number;
  private readonly maxActivities: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.maxActivities = options.maxActivitiesPerConversation ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async createConversation(meta: ConversationMeta): Promise<void> {
    this.sweep();
    if (this.conversations.has(meta.id)) return;
    this.conversations.set(owned(meta.id), new MemoryConversation(meta));
  }

  async getConversation(id: string): Promise<ConversationMeta | undefined> {
    const conversation = this.conversations.get(id);
    return conversation?.meta(id);
  }

  async updateConversation(id: string, patch: ConversationUpdate): Promise<void> {
    const conversation = this.conversations.get(id);
    if (!conversation) return;
    const { started, lastActivityAt } = patch;
    if (started !== undefined) conversation.started = started;
    if (lastActivityAt !== undefined) conversation.lastActivityAt = lastActivityAt;
  }

  async append(conversationId: string, activities: Record<string, unknown>[]): Promise<ActivitySet> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new UnknownConversationError(conversationId);
    const stored = activities.map((activity) => {
      conversation.seq += 1;
      const [own, shared] = keptParts(activity, conversationId);
      conversation.log = appended(conversation.log, flat(hideIds(own, conversationId, conversation.userId)), sharedParts.share(shared));
      return withId(activity, activityId(conversationId, conversation.seq));
    });
    const excess = conversation.log.length / 2 - this.maxActivities;
    if (excess > 0) {
      conversation.log.splice(0, 2 * excess);
      conversation.trimmed += excess;
    }
    conversation.lastActivityAt = this.now();
    return { activities: stored, watermark: conversation.seq };
  }

  async readSince(conversationId: string, watermark?: number): Promise<ActivitySet> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { activities: [], watermark: watermark ?? 0 };
    const { log, trimmed } = conversation;
    const activities: StoredActivity[] = [];
    for (let i = Math.max(0, (watermark ?? 0) - trimmed); 2 * i < log.length; i++) {
      const own = showIds(log[2 * i]!, conversationId, conversation.userId);
      const activity = activityFromKeptParts(own, log[2 * i + 1]!, conversationId);
      activities.push(withId(activity, activityId(conversationId, trimmed + i + 1)));
    }
    return { activities, watermark: conversation.seq };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, conversation] of this.conversations) {
      if (now - conversation.lastActivityAt > this.retentionMs) this.conversations.delete(id);
    }
  }
}
