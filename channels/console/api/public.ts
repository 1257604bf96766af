import type { ConversationRecord, HandoffEvent } from '../../../bot/handoff/types.js';

/**
 * What the console may see of a conversation record: everything but the channel address (a
 * citizen's phone number on WhatsApp), which only the server needs to reply.
 */
export type PublicRecord = Omit<ConversationRecord, 'reference'>;

export function publicRecord(record: ConversationRecord): PublicRecord {
  const { reference: _reference, ...rest } = record;
  return rest;
}

export type PublicEvent = Exclude<HandoffEvent, { type: 'conversation' }> | { type: 'conversation'; record: PublicRecord };

export function publicEvent(event: HandoffEvent): PublicEvent {
  return event.type === 'conversation' ? { type: 'conversation', record: publicRecord(event.record) } : event;
}
