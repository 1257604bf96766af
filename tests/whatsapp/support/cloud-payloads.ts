import { createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook bodies shaped as Meta's "messages" webhook reference documents them (text, interactive
 * button_reply/list_reply, image, audio voice note, status), with test values.
 */
export const BUSINESS = { wabaId: '102290129340398', phoneNumberId: '106540352242922', display: '15550783881' };
export const APP_SECRET = 'test-app-secret-0123456789';

export function newMessageId(): string {
  return `wamid.HBgL${randomBytes(18).toString('base64url')}`;
}

function envelope(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: BUSINESS.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: BUSINESS.display, phone_number_id: BUSINESS.phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function inbound(from: string, name: string, message: Record<string, unknown>, at: Date) {
  return envelope({
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{ from, id: newMessageId(), timestamp: String(Math.floor(at.getTime() / 1000)), ...message }],
  });
}

export function textMessage(from: string, body: string, at = new Date()) {
  return inbound(from, 'Siti Aminah', { type: 'text', text: { body } }, at);
}

export function buttonReply(from: string, reply: { id: string; title: string }, contextId: string, at = new Date()) {
  return inbound(from, 'Siti Aminah', { context: { from: BUSINESS.display, id: contextId }, type: 'interactive', interactive: { type: 'button_reply', button_reply: reply } }, at);
}

export function listReply(from: string, reply: { id: string; title: string; description?: string }, contextId: string, at = new Date()) {
  return inbound(from, 'Siti Aminah', { context: { from: BUSINESS.display, id: contextId }, type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } }, at);
}

export function imageMessage(from: string, at = new Date(), caption?: string) {
  return inbound(
    from,
    'Siti Aminah',
    { type: 'image', image: { ...(caption ? { caption } : {}), mime_type: 'image/jpeg', sha256: 'V0lEVVpPVEdMWkFPTFZXSjVGUFVZVFdHQUROWUZIUUk=', id: '1479537139650973' } },
    at,
  );
}

export function voiceMessage(from: string, at = new Date()) {
  return inbound(from, 'Siti Aminah', { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'WJsmFj8wEHhcTXLu8VlDmDHPTsDlOVmnD6pCRpHOUms=', id: '1003383421387256', voice: true } }, at);
}

export function statusUpdate(messageId: string, recipient: string, status: 'sent' | 'delivered' | 'read' | 'failed') {
  return envelope({
    statuses: [
      {
        id: messageId,
        status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: recipient,
        ...(status === 'failed'
          ? { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] }
          : {
              conversation: { id: 'CONVERSATION_ID', expiration_timestamp: String(Math.floor(Date.now() / 1000) + 86400), origin: { type: 'service' } },
              pricing: { billable: false, pricing_model: 'PMP', category: 'service' },
            }),
      },
    ],
  });
}

/** Meta's signature: `sha256=` + hex HMAC-SHA256 of the raw body with the app secret. */
export function sign(raw: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

export function messageIdOf(payload: ReturnType<typeof envelope>): string {
  const value = payload.entry[0]!.changes[0]!.value as { messages?: { id: string }[] };
  return value.messages![0]!.id;
}
