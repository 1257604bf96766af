import type { Activity, Attachment } from 'botbuilder-core';
import { CHANNEL_ID, conversationIdFor } from '../conversation.js';

/** A citizen's message as both WhatsApp transports read it, before it becomes an Activity. */
export interface InboundMessage {
  /** Who wrote: the id replies go to (a phone number, or a chat id that may be an `@lid` id). */
  waId: string;
  /** WhatsApp's id of this message (de-duplication, read receipts). */
  messageId: string;
  timestamp: Date;
  /** The profile name the citizen chose, when WhatsApp tells it. */
  name?: string;
  /** What the citizen typed, or a media caption. */
  text?: string;
  /** A tapped reply button or list row (Cloud API): its id is the value we offered. */
  choice?: { id: string; title: string };
  /** Voice notes, images, documents, locations, stickers: kept so an officer can see them. */
  attachments: Attachment[];
}

export interface ActivityContext {
  /** The bot's own WhatsApp id (our number). */
  botId: string;
  serviceUrl: string;
}

/**
 * The Bot Framework activity for one inbound message. A tapped or numbered choice puts the offered
 * value in `text` (that is what the bot understands) and keeps what was tapped in `value`. Media
 * without a caption has no text, so while the bot owns the conversation it asks the citizen to type.
 */
export function toActivity(message: InboundMessage, context: ActivityContext): Partial<Activity> {
  const text = message.choice ? message.choice.id : message.text?.trim() ?? '';
  return {
    type: 'message',
    id: message.messageId,
    timestamp: message.timestamp,
    channelId: CHANNEL_ID,
    serviceUrl: context.serviceUrl,
    from: { id: message.waId, name: message.name ?? '', role: 'user' },
    recipient: { id: context.botId, name: 'Layani', role: 'bot' },
    conversation: { id: conversationIdFor(message.waId), isGroup: false, conversationType: 'personal', name: '' },
    ...(text ? { text } : {}),
    ...(message.choice ? { value: { choice: message.choice } } : {}),
    ...(message.attachments.length > 0 ? { attachments: message.attachments } : {}),
  };
}

/** A shared place (coordinates, optional name and address) as an attachment an officer can open. */
export function locationAttachment(place: { latitude: number; longitude: number; name?: string; address?: string }): Attachment {
  const label = [place.name, place.address].filter((p): p is string => Boolean(p)).join(', ');
  return {
    contentType: LOCATION_CONTENT_TYPE,
    contentUrl: `https://www.google.com/maps/search/?api=1&query=${place.latitude},${place.longitude}`,
    name: label || `${place.latitude}, ${place.longitude}`,
    content: { latitude: place.latitude, longitude: place.longitude, ...(place.name ? { name: place.name } : {}), ...(place.address ? { address: place.address } : {}) },
  };
}

export const LOCATION_CONTENT_TYPE = 'application/vnd.layani.location+json';

export type MediaKind = 'voice' | 'audio' | 'image' | 'video' | 'document' | 'sticker' | 'contact';

const DEFAULT_CONTENT_TYPES: Record<MediaKind, string> = {
  voice: 'audio/ogg',
  audio: 'audio/mpeg',
  image: 'image/jpeg',
  video: 'video/mp4',
  document: 'application/octet-stream',
  sticker: 'image/webp',
  contact: 'text/vcard',
};

/**
 * A media message as an attachment. WhatsApp media is fetched with credentials (Graph API media id,
 * or the linked phone's message id), so there is no public URL: `content` says where to fetch it,
 * and `contentUrl`, when the transport can serve it, is the (relative) console route that fetches it
 * for a signed-in officer.
 */
export function mediaAttachment(
  kind: MediaKind,
  media: { mimeType?: string | undefined; fileName?: string | undefined; source: Record<string, string>; contentUrl?: string | undefined },
): Attachment {
  return {
    contentType: media.mimeType || DEFAULT_CONTENT_TYPES[kind],
    name: media.fileName || kind,
    ...(media.contentUrl ? { contentUrl: media.contentUrl } : {}),
    content: { kind, ...media.source },
  };
}
