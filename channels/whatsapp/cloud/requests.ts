import type { OutgoingMessage } from '../convert/outgoing.js';

/** Bodies for `POST /{phone-number-id}/messages` as the Cloud API reference documents them. Pure. */
export type GraphRequest = Record<string, unknown> & { messaging_product: 'whatsapp' };

export function messageRequest(to: string, message: OutgoingMessage): GraphRequest {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to } as const;
  switch (message.type) {
    case 'text':
      return { ...base, type: 'text', text: { preview_url: false, body: message.text } };
    case 'buttons':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: message.body },
          action: { buttons: message.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
        },
      };
    case 'list':
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: message.body },
          action: { button: message.button, sections: [{ rows: message.rows }] },
        },
      };
  }
}

export interface TemplateConfig {
  name: string;
  language: string;
}

/**
 * An approved template carrying `text` as its one body parameter: the only way to write to a citizen
 * who has been silent for 24 hours. A parameter may not contain line breaks, tabs or more than four
 * spaces in a row, and a template body is at most 1024 characters, so the text is flattened and cut.
 */
export function templateRequest(to: string, template: TemplateConfig, text: string): GraphRequest {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      components: [{ type: 'body', parameters: [{ type: 'text', text: templateParameter(text) }] }],
    },
  };
}

/** Longest parameter we send: leaves room for the template's own words within its 1024 characters. */
export const TEMPLATE_PARAMETER_MAX = 900;

export function templateParameter(text: string): string {
  const flat = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' · ')
    .replace(/\t/g, ' ')
    .replace(/ {2,}/g, ' ');
  const chars = [...flat];
  return chars.length <= TEMPLATE_PARAMETER_MAX ? flat : `${chars.slice(0, TEMPLATE_PARAMETER_MAX - 1).join('').trimEnd()}…`;
}

/** Marks a citizen's message read (blue ticks) and shows "typing…" until we answer (at most 25 s). */
export function readRequest(messageId: string): GraphRequest {
  return { messaging_product: 'whatsapp', status: 'read', message_id: messageId, typing_indicator: { type: 'text' } };
}
