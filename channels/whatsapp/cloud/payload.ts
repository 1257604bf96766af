/**
 * The WhatsApp Business Account `messages` webhook as Meta documents it:
 * `{object: "whatsapp_business_account", entry: [{id, changes: [{field: "messages", value}]}]}`,
 * where `value` carries `metadata.phone_number_id`, `contacts`, and `messages` (what citizens sent)
 * or `statuses` (what became of what we sent). Only the fields Layani reads are typed.
 */
export interface CloudMedia {
  id: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  /** Audio only: true for a recorded voice note. */
  voice?: boolean;
  animated?: boolean;
}

export interface CloudMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  interactive?: {
    type: 'button_reply' | 'list_reply' | (string & {});
    button_reply?: { id: string; title: string };
    list_reply?: { id: string; title: string; description?: string };
  };
  /** A tapped quick-reply button of a template. */
  button?: { payload?: string; text: string };
  image?: CloudMedia;
  audio?: CloudMedia;
  video?: CloudMedia;
  document?: CloudMedia;
  sticker?: CloudMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contacts?: unknown[];
}

export interface CloudStatus {
  id: string;
  status: string;
  timestamp: string;
  recipient_id: string;
  errors?: { code: number; title: string; message?: string }[];
}

export interface CloudContact {
  wa_id: string;
  profile?: { name?: string };
}

/** One inbound message with what the same change said about its sender and the receiving number. */
export interface ReceivedMessage {
  phoneNumberId: string;
  message: CloudMessage;
  contact?: CloudContact;
}

export interface Notification {
  messages: ReceivedMessage[];
  statuses: CloudStatus[];
}

/**
 * Reads a (signature-checked) webhook body. Tolerant: a part that is not shaped as documented is
 * skipped, never fatal, since Meta adds fields and event kinds over time.
 */
export function readNotification(body: unknown): Notification {
  const result: Notification = { messages: [], statuses: [] };
  if (!isObject(body) || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) return result;
  for (const entry of body.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
    for (const change of entry.changes) {
      if (!isObject(change) || change.field !== 'messages' || !isObject(change.value)) continue;
      const value = change.value;
      const phoneNumberId = isObject(value.metadata) && typeof value.metadata.phone_number_id === 'string' ? value.metadata.phone_number_id : '';
      const contacts = (Array.isArray(value.contacts) ? value.contacts : []).filter(isContact);
      for (const message of Array.isArray(value.messages) ? value.messages : []) {
        if (!isMessage(message)) continue;
        const contact = contacts.find((c) => c.wa_id === message.from) ?? (contacts.length === 1 ? contacts[0] : undefined);
        result.messages.push({ phoneNumberId, message, ...(contact ? { contact } : {}) });
      }
      for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
        if (isStatus(status)) result.statuses.push(status);
      }
    }
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMessage(value: unknown): value is CloudMessage {
  return isObject(value) && typeof value.from === 'string' && typeof value.id === 'string' && typeof value.type === 'string';
}

function isStatus(value: unknown): value is CloudStatus {
  return isObject(value) && typeof value.id === 'string' && typeof value.status === 'string' && typeof value.recipient_id === 'string';
}

function isContact(value: unknown): value is CloudContact {
  return isObject(value) && typeof value.wa_id === 'string';
}
