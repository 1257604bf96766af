import type { Activity } from 'botbuilder-core';

export const CHANNEL_ID = 'webchat';
export const BOT_ACCOUNT = { id: 'layani', name: 'Layani', role: 'bot' } as const;

/** What a Direct Line client may post (validated by the route schema). */
export interface ClientActivity {
  type: 'message' | 'event' | 'typing';
  from?: { id?: string; name?: string };
  text?: string;
  textFormat?: string;
  locale?: string;
  value?: unknown;
  name?: string;
  attachments?: Record<string, unknown>[];
  entities?: Record<string, unknown>[];
  channelData?: Record<string, unknown>;
  replyToId?: string;
}

export interface CitizenContext {
  conversationId: string;
  userId: string;
  serviceUrl: string;
  now: Date;
}

/**
 * The full activity for what a citizen posted, without its id (the activity log assigns it). Only known
 * fields are copied; `from`, `recipient`, `conversation`, `channelId` and `timestamp` are the server's.
 */
export function citizenActivity(input: ClientActivity, ctx: CitizenContext): Record<string, unknown> {
  const activity: Record<string, unknown> = {
    type: input.type,
    timestamp: ctx.now.toISOString(),
    channelId: CHANNEL_ID,
    serviceUrl: ctx.serviceUrl,
    from: { id: ctx.userId, ...(input.from?.name ? { name: input.from.name } : {}), role: 'user' },
    recipient: { id: BOT_ACCOUNT.id, role: BOT_ACCOUNT.role },
    conversation: { id: ctx.conversationId },
  };
  const optional = ['text', 'textFormat', 'locale', 'value', 'name', 'attachments', 'entities', 'channelData', 'replyToId'] as const;
  for (const key of optional) if (input[key] !== undefined) activity[key] = input[key];
  return activity;
}

/** A bot (or officer) activity as it goes into the log: plain JSON, this channel's ids, no old id. */
export function outgoingActivity(activity: Partial<Activity>, conversationId: string, now: Date): Record<string, unknown> {
  // A shallow copy is enough (nothing mutates a delivered activity); only top-level Dates need turning
  // into JSON's strings, and undefined fields are dropped, as a JSON round trip would (but 3x cheaper).
  const rest: Record<string, unknown> = {};
  // for...in rather than Object.entries: no array of pairs per activity.
  for (const key in activity) {
    const value = activity[key as keyof Activity];
    if (key === 'id' || value === undefined || !Object.hasOwn(activity, key)) continue;
    rest[key] = value instanceof Date ? value.toISOString() : value;
  }
  const from = (rest.from as Record<string, unknown> | undefined) ?? {};
  // Assigned onto `rest` (an object built by assignment) rather than spread into a new one: see withId().
  rest.timestamp = typeof rest.timestamp === 'string' ? rest.timestamp : now.toISOString();
  rest.channelId = CHANNEL_ID;
  rest.conversation = { id: conversationId };
  rest.from = Object.assign({}, BOT_ACCOUNT, from, { role: 'bot' });
  return rest;
}

/**
 * A citizen's activity as the bot's turn runner receives it (timestamp as a Date, as botbuilder expects).
 * Its id is empty while the activity is being stored; the runner fills it in (see TurnRunner.run).
 */
export function toTurnActivity(activity: Record<string, unknown>): Partial<Activity> {
  // The id comes first, so that filling it in later does not change the object's shape.
  return Object.assign({ id: '' }, activity as Partial<Activity>, { timestamp: new Date(String(activity.timestamp)) });
}

export function isCitizenMessage(activity: Record<string, unknown>): boolean {
  return activity.type === 'message';
}
