import type { ConversationReference } from 'botbuilder-core';

/** The channel id under which WhatsApp registers its outlet and tags its activities. */
export const CHANNEL_ID = 'whatsapp';

const PREFIX = 'wa:';

/**
 * One conversation per citizen, keyed by their WhatsApp id: a phone number (Cloud API, `6281…`) or a
 * chat id (linked phone: `6281…@c.us`, or an `@lid` id that is not a phone number).
 */
export function conversationIdFor(waId: string): string {
  return `${PREFIX}${waId}`;
}

/** The WhatsApp id to send to, from the reference of the conversation the bot or an officer answers. */
export function recipientOf(reference: Partial<ConversationReference>): string {
  const conversationId = reference.conversation?.id ?? '';
  if (conversationId.startsWith(PREFIX) && conversationId.length > PREFIX.length) return conversationId.slice(PREFIX.length);
  const userId = reference.user?.id;
  if (userId) return userId;
  throw new Error(`Not a WhatsApp conversation: "${conversationId}"`);
}
