import { splitConversationKey, type ConversationRecord } from './types.js';

/**
 * A record as stored: without its key (the store's key says it), and without the channel and the
 * conversation of its reference when they are the key's. A reference that had no channel or no
 * conversation at all keeps `null` there, so that reading does not invent one. Records written before
 * have every field, and read the same. Both stores keep records in this form: Redis as its values, the
 * in-memory store as its own (one string instead of the record, its reference and three accounts: about
 * 300 bytes less per conversation).
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
