import type { Message } from 'whatsapp-web.js';
import { locationAttachment, mediaAttachment, type InboundMessage, type MediaKind } from '../convert/incoming.js';

/** The part of whatsapp-web.js's Message that the channel reads. */
export type WebMessage = Pick<Message, 'id' | 'from' | 'body' | 'type' | 'hasMedia' | 'fromMe' | 'isStatus' | 'timestamp' | 'getChat'> &
  Partial<Pick<Message, 'location' | 'rawData'>>;

/** Fields of the raw message that the typed Message does not expose (WhatsApp Web's own names). */
interface RawMessage {
  notifyName?: string;
  mimetype?: string;
  filename?: string;
  caption?: string;
}

const MEDIA_KINDS: Record<string, MediaKind> = {
  ptt: 'voice',
  audio: 'audio',
  image: 'image',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  vcard: 'contact',
  multi_vcard: 'contact',
};

/**
 * Messages the bot never answers: groups (`@g.us`), status updates and broadcast lists
 * (`status@broadcast`, `@broadcast`), channels (`@newsletter`), and our own messages.
 */
export function isIgnored(message: WebMessage): boolean {
  if (message.fromMe || message.isStatus) return true;
  return /@(g\.us|broadcast|newsletter)$/.test(message.from);
}

/** The citizen's message in the shared shape, or null for what is not a message to answer (calls, reactions, notifications…). */
export function fromWebMessage(message: WebMessage): InboundMessage | null {
  const raw = (message.rawData ?? {}) as RawMessage;
  const base = {
    waId: message.from,
    messageId: message.id._serialized,
    timestamp: new Date(message.timestamp * 1000),
    ...(raw.notifyName ? { name: raw.notifyName } : {}),
  };
  if (message.type === 'chat') return { ...base, text: message.body, attachments: [] };

  if (message.type === 'location' && message.location) {
    const { latitude, longitude, name, address } = message.location;
    const place = { latitude: Number(latitude), longitude: Number(longitude), ...(name ? { name } : {}), ...(address ? { address } : {}) };
    return { ...base, attachments: [locationAttachment(place)] };
  }

  const kind = MEDIA_KINDS[message.type];
  if (!kind) return null;
  // With media, Message.body is the caption; without a downloaded file it may hold a thumbnail instead.
  const caption = kind === 'contact' ? '' : message.hasMedia ? message.body : raw.caption ?? '';
  const attachment = mediaAttachment(kind, {
    mimeType: raw.mimetype,
    fileName: raw.filename,
    source: { whatsappMessageId: message.id._serialized },
  });
  return { ...base, ...(caption ? { text: caption } : {}), attachments: [attachment] };
}
