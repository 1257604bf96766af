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
  createConversation(meta: ConversationMeta): Promise<void>;
  getConversation(id: string): Promise<ConversationMeta | undefined>;
  updateConversation(id: string, patch: Partial<Omit<ConversationMeta, 'id'>>): Promise<void>;
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

interface MemoryConversation {
  meta: ConversationMeta;
  log: StoredActivity[];
  seq: number;
}

export class MemoryActivityStore implements ActivityStore {
  readonly announces = false;
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
    this.conversations.set(meta.id, { meta: { ...meta }, log: [], seq: 0 });
  }

  async getConversation(id: string): Promise<ConversationMeta | undefined> {
    const conversation = this.conversations.get(id);
    return conversation ? { ...conversation.meta } : undefined;
  }

  async updateConversation(id: string, patch: Partial<Omit<ConversationMeta, 'id'>>): Promise<void> {
    const conversation = this.conversations.get(id);
    if (conversation) Object.assign(conversation.meta, patch);
  }

  async append(conversationId: string, activities: Record<string, unknown>[]): Promise<ActivitySet> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new UnknownConversationError(conversationId);
    const stored = activities.map((activity) => {
      conversation.seq += 1;
      return { ...activity, id: activityId(conversationId, conversation.seq) };
    });
    conversation.log.push(...stored);
    if (conversation.log.length > this.maxActivities) conversation.log.splice(0, conversation.log.length - this.maxActivities);
    conversation.meta.lastActivityAt = this.now();
    return { activities: stored, watermark: conversation.seq };
  }

  async readSince(conversationId: string, watermark?: number): Promise<ActivitySet> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { activities: [], watermark: watermark ?? 0 };
    const from = watermark ?? 0;
    const activities = conversation.log.filter((a) => sequenceOf(a.id) > from);
    return { activities, watermark: Math.max(conversation.seq, 0) };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, conversation] of this.conversations) {
      if (now - conversation.meta.lastActivityAt > this.retentionMs) this.conversations.delete(id);
    }
  }
}
