import { appended } from '../../../bot/appended.js';
import { TextPool, flat } from '../../../bot/kept-strings.js';

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
  /** True when the store lives in this process: reading from it costs no round trip, so nothing caches it. */
  readonly inProcess: boolean;
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
 * An activity as the in-memory log keeps it: its JSON without its text, and the text itself, which is
 * often a catalogue answer shared with every other conversation that got it. Two objects instead of the
 * dozen an activity is made of: every major garbage collection walks what the log holds, and in a
 * long-running process that is most of the heap. Activities are read back only for replays.
 * What every activity of the conversation repeats (its channel, service URL, locale and conversation:
 * the `frame`) is kept once per conversation; a JSON without it starts with FRAMED.
 */
type Kept = string | [json: string, text: string];

interface Frame {
  channelId: unknown;
  serviceUrl: unknown;
  locale: unknown;
}

interface MemoryConversation {
  meta: ConversationMeta;
  log: Kept[];
  /** Activities dropped from the head of the log (the first kept has sequence number `trimmed + 1`). */
  trimmed: number;
  seq: number;
  /** What the first activity that had all of it said; later ones that say the same leave it out. */
  frame?: Frame;
}

const FRAMED = '~';

/** What the bot says, one copy per distinct text (a citizen's words are their own and not pooled). */
const botTexts = new TextPool();

function kept(activity: Record<string, unknown>, conversation: MemoryConversation, conversationId: string): Kept {
  const { text, id: _id, channelId, serviceUrl, locale, conversation: account, ...rest } = activity;
  const inConversation =
    typeof account === 'object' && account !== null && Object.keys(account).length === 1 && (account as { id?: unknown }).id === conversationId;
  if (inConversation && channelId !== undefined && serviceUrl !== undefined && locale !== undefined) {
    conversation.frame ??= { channelId, serviceUrl, locale };
  }
  const { frame } = conversation;
  const framed = inConversation && frame !== undefined && channelId === frame.channelId && serviceUrl === frame.serviceUrl && locale === frame.locale;
  // Not framed: the four go back in (JSON.stringify drops those that are undefined).
  const json = flat(framed ? FRAMED + JSON.stringify(rest) : JSON.stringify(Object.assign(rest, { channelId, serviceUrl, locale, conversation: account })));
  if (typeof text !== 'string') return json;
  return [json, (activity.from as { role?: unknown } | undefined)?.role === 'bot' ? botTexts.share(text) : text];
}

function restored(entry: Kept, id: string, conversationId: string, frame: Frame | undefined): StoredActivity {
  const json = typeof entry === 'string' ? entry : entry[0];
  const framed = json.startsWith(FRAMED);
  const activity = JSON.parse(framed ? json.slice(1) : json) as StoredActivity;
  if (framed && frame) {
    activity.channelId = frame.channelId;
    activity.serviceUrl = frame.serviceUrl;
    activity.locale = frame.locale;
    activity.conversation = { id: conversationId };
  }
  if (typeof entry !== 'string') activity.text = entry[1];
  activity.id = id;
  return activity;
}

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
    this.conversations.set(meta.id, { meta: { ...meta }, log: [], trimmed: 0, seq: 0 });
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
      conversation.log = appended(conversation.log, kept(activity, conversation, conversationId));
      return withId(activity, activityId(conversationId, conversation.seq));
    });
    const excess = conversation.log.length - this.maxActivities;
    if (excess > 0) {
      conversation.log.splice(0, excess);
      conversation.trimmed += excess;
    }
    conversation.meta.lastActivityAt = this.now();
    return { activities: stored, watermark: conversation.seq };
  }

  async readSince(conversationId: string, watermark?: number): Promise<ActivitySet> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return { activities: [], watermark: watermark ?? 0 };
    const start = Math.max(0, (watermark ?? 0) - conversation.trimmed);
    const activities = conversation.log
      .slice(start)
      .map((entry, i) => restored(entry, activityId(conversationId, conversation.trimmed + start + i + 1), conversationId, conversation.frame));
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
      if (now - conversation.meta.lastActivityAt > this.retentionMs) this.conversations.delete(id);
    }
  }
}
