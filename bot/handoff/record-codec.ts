import { splitConversationKey, type ConversationRecord, type Owner } from './types.js';

/** Owners that the console lists; the set of those conversations is kept apart for fast listing. */
export const LISTED: readonly Owner[] = ['queued', 'officer'];

/**
 * A record as stored: without its key (the key it is kept under says it), and without the channel and the
 * conversation of its reference when they are the key's. A reference that had no channel or no
 * conversation at all keeps `null` there, so that reading does not invent one. Records written before
 * have every field, and read the same.
 */
export function storedRecord(record: ConversationRecord): string {
  const { key, channelId, reference, ...rest } = record;
  const implied = splitConversationKey(key);
  const { channelId: referenceChannel, conversation, ...address } = reference;
  const storedReference: Record<string, unknown> = address;
  if (referenceChannel !== channelId) storedReference.channelId = referenceChannel ?? null;
  const isImplied = conversation?.id === implied.conversationId && Object.keys(conversation).length === 1;
  if (!isImplied) storedReference.conversation = conversation ?? null;
  return JSON.stringify({ ...rest, ...(channelId === implied.channelId ? {} : { channelId }), reference: storedReference });
}

export function restoredRecord(raw: string, key: string): ConversationRecord {
  const implied = splitConversationKey(key);
  const { key: _key, channelId = implied.channelId, reference, ...rest } = JSON.parse(raw) as Partial<ConversationRecord> & {
    reference: Record<string, unknown>;
  };
  const { channelId: referenceChannel = channelId, conversation = { id: implied.conversationId }, ...address } = reference;
  // Built by assignment, not spreads: on Node 20 a spread copy that gets more properties gets a hidden
  // class of its own (see withId in the web chat's activity store).
  if (referenceChannel !== null) address.channelId = referenceChannel;
  if (conversation !== null) address.conversation = conversation;
  return Object.assign(rest as Omit<ConversationRecord, 'key' | 'channelId' | 'reference'>, {
    key,
    channelId,
    reference: address as ConversationRecord['reference'],
  });
}
