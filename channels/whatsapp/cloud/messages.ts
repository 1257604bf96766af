import type { Attachment } from 'botbuilder-core';
import { locationAttachment, mediaAttachment, type InboundMessage, type MediaKind } from '../convert/incoming.js';
import { consoleMediaUrl } from './media.js';
import type { CloudMedia, ReceivedMessage } from './payload.js';

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/** A Cloud API message in the shared shape, or null for what is not a message to answer (reactions, system notices…). */
export function fromCloudMessage({ message, contact }: ReceivedMessage): InboundMessage | null {
  const base = {
    waId: message.from,
    messageId: message.id,
    timestamp: new Date(Number(message.timestamp) * 1000),
    ...(contact?.profile?.name ? { name: contact.profile.name } : {}),
  };
  switch (message.type) {
    case 'text':
      return { ...base, text: message.text?.body ?? '', attachments: [] };
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply ? { ...base, choice: { id: reply.id, title: reply.title }, attachments: [] } : null;
    }
    case 'button':
      return message.button ? { ...base, text: message.button.text, attachments: [] } : null;
    case 'location':
      return message.location ? { ...base, attachments: [locationAttachment(message.location)] } : null;
    case 'contacts':
      return { ...base, attachments: [mediaAttachment('contact', { source: {} })] };
  }
  const mediaType = MEDIA_TYPES.find((t) => t === message.type);
  const media = mediaType ? message[mediaType] : undefined;
  if (!mediaType || !media) return null;
  const kind: MediaKind = mediaType === 'audio' && media.voice ? 'voice' : mediaType;
  return { ...base, ...(media.caption ? { text: media.caption } : {}), attachments: [attachmentOf(kind, media)] };
}

function attachmentOf(kind: MediaKind, media: CloudMedia): Attachment {
  return mediaAttachment(kind, {
    mimeType: media.mime_type,
    fileName: media.filename,
    // Fetched later with the access token: GET /{media-id} gives a short-lived download URL. The
    // console route does that for an officer who opens the attachment.
    source: { mediaId: media.id, ...(media.sha256 ? { sha256: media.sha256 } : {}) },
    contentUrl: consoleMediaUrl(media.id),
  });
}
