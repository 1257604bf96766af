import { packText, unpackText } from '../../../bot/store/text-codec.js';

/**
 * How a Direct Line log entry is kept in Redis, and read back exactly (the activity's id is not kept:
 * it follows from the entry's place in the log).
 *
 * An entry is `[own, shared]`. `own` holds what belongs to this activity alone: its timestamp (epoch
 * milliseconds instead of the ISO string), `replyToId`, the citizen's account (`from` of what the citizen
 * says, `recipient` of what the bot says) and the citizen's text. `shared` holds the rest, which other
 * activities repeat word for word — a catalogue answer with its quick replies, the channel, the bot's
 * account, the address of the service — so it is packed (see text-codec.ts), and packing a part already
 * seen costs a lookup. The conversation's id is written as \u0001, a character JSON never leaves
 * unescaped, so that `conversation` and `replyToId` do not make one conversation's parts differ from
 * another's, and the id takes one byte wherever it appears.
 *
 * Entries written before this format are the activity's plain JSON, an object rather than an array.
 */
const CONVERSATION = '\u0001';

/**
 * The stored form, and the activity's plain JSON without its id (what JSON.stringify gives, its fields
 * in another order) for announcing it, made from the same serialisation of the shared part: that part is
 * most of an answer's JSON.
 */
export function storedAndPlain(activity: Record<string, unknown>, conversationId: string): [stored: string, plain: string] {
  const { own, ownJson, sharedJson } = serialisedParts(activity);
  const hiddenShared = hide(sharedJson, conversationId);
  const packed = packText(hiddenShared);
  const stored = `[${hide(ownJson, conversationId)},${packed === undefined ? hiddenShared : JSON.stringify(packed)}]`;
  // The own part with the timestamp as it came (the stored form may keep it as milliseconds).
  const plainOwn = typeof own.timestamp === 'number' ? JSON.stringify(Object.assign({}, own, { timestamp: activity.timestamp })) : ownJson;
  return [stored, mergedObjects(plainOwn, sharedJson)];
}

/** Two JSON objects with no key in common, as one. */
function mergedObjects(a: string, b: string): string {
  if (a === '{}') return b;
  if (b === '{}') return a;
  return `${a.slice(0, -1)},${b.slice(1)}`;
}

export function restoredActivity(stored: string, conversationId: string): Record<string, unknown> {
  const value = JSON.parse(show(stored, conversationId)) as Record<string, unknown> | [Record<string, unknown>, unknown];
  if (!Array.isArray(value)) return value;
  const [own, shared] = value;
  return joined(own, typeof shared === 'string' ? JSON.parse(show(unpackText(shared), conversationId)) : shared);
}

/**
 * The activity as its two parts, each JSON with the conversation's id hidden: what belongs to this
 * activity alone, and what other activities repeat word for word (the same string for every activity
 * that says the same, whichever conversation it is in), as described above.
 */
export function activityParts(activity: Record<string, unknown>, conversationId: string): [own: string, shared: string] {
  const { ownJson, sharedJson } = serialisedParts(activity);
  return [hide(ownJson, conversationId), hide(sharedJson, conversationId)];
}

/** The activity's own fields (the timestamp as milliseconds where exact), and both parts as JSON, the id not hidden. */
function serialisedParts(activity: Record<string, unknown>): { own: Record<string, unknown>; ownJson: string; sharedJson: string } {
  const { own, shared } = sorted(activity, true);
  return { own, ownJson: JSON.stringify(own), sharedJson: JSON.stringify(shared) };
}

/**
 * The same two parts as the in-memory log keeps them, made with less work since they never leave the
 * process: the timestamp stays as it came, the own part keeps the conversation's id where it says it
 * (in `replyToId`), and the shared part leaves out `conversation` when it is the log's own (its `id`
 * alone; the part then starts with IMPLIED), so that it reads the same in every conversation without
 * a search for the id.
 */
export function keptParts(activity: Record<string, unknown>, conversationId: string): [own: string, shared: string] {
  const { own, shared, implied } = sorted(activity, false, conversationId);
  const sharedJson = JSON.stringify(shared);
  return [JSON.stringify(own), implied ? IMPLIED + sharedJson : sharedJson];
}

/** The activity (without its id) that `keptParts` split. */
export function activityFromKeptParts(own: string, shared: string, conversationId: string): Record<string, unknown> {
  const implied = shared.startsWith(IMPLIED);
  const activity = joined(JSON.parse(own), JSON.parse(implied ? shared.slice(IMPLIED.length) : shared));
  if (implied) activity.conversation = { id: conversationId };
  return activity;
}

const IMPLIED = '~';

/**
 * The activity's fields, sorted into its own and the shared ones. `numericTime`: an ISO timestamp that
 * milliseconds give back exactly goes in as milliseconds. `impliedConversation`: a `conversation` that is
 * `{ id: impliedConversation }` and nothing else is left out (`implied` then says so).
 */
function sorted(
  activity: Record<string, unknown>,
  numericTime: boolean,
  impliedConversation?: string,
): { own: Record<string, unknown>; shared: Record<string, unknown>; implied: boolean } {
  const own: Record<string, unknown> = {};
  const shared: Record<string, unknown> = {};
  let implied = false;
  const fromCitizen = isCitizen(activity.from);
  for (const key in activity) {
    const value = activity[key];
    if (key === 'id' || value === undefined || !Object.hasOwn(activity, key)) continue;
    if (key === 'timestamp' && (numericTime ? isIsoTimestamp(value) : typeof value === 'string')) {
      own.timestamp = numericTime ? Date.parse(value as string) : value;
    } else if (key === 'replyToId' || (key === 'text' && fromCitizen) || ((key === 'from' || key === 'recipient') && isCitizen(value))) {
      own[key] = value;
    } else if (key === 'conversation' && impliedConversation !== undefined && isOnlyId(value, impliedConversation)) {
      implied = true;
    } else shared[key] = value;
  }
  return { own, shared, implied };
}

function joined({ timestamp, ...own }: Record<string, unknown>, shared: unknown): Record<string, unknown> {
  return {
    ...(shared as Record<string, unknown>),
    ...own,
    ...(typeof timestamp === 'number' ? { timestamp: new Date(timestamp).toISOString() } : timestamp === undefined ? {} : { timestamp }),
  };
}

function isOnlyId(value: unknown, id: string): boolean {
  return typeof value === 'object' && value !== null && (value as { id?: unknown }).id === id && Object.keys(value).length === 1;
}

function isCitizen(account: unknown): boolean {
  return typeof account === 'object' && account !== null && (account as { role?: unknown }).role === 'user';
}

/** Only a timestamp that milliseconds give back character for character is stored as a number. */
function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

// JSON text never contains a raw \u0001, so replacing it back restores the JSON exactly.
export function hide(json: string, conversationId: string): string {
  return conversationId ? json.replaceAll(conversationId, CONVERSATION) : json;
}

export function show(stored: string, conversationId: string): string {
  return stored.replaceAll(CONVERSATION, conversationId);
}
