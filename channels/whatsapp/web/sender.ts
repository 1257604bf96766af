import type wwebjs from 'whatsapp-web.js';
import type { OutgoingMessage } from '../convert/outgoing.js';
import type { Recipient, WhatsAppSender } from '../outlet.js';

/** The part of whatsapp-web.js's Client that sends (the library boundary the tests stub). */
export type SendingClient = Pick<wwebjs.Client, 'sendMessage' | 'getChatById'>;

/** Sends through the linked phone. It has no buttons, so choices arrive here already numbered. */
export class WebSender implements WhatsAppSender {
  readonly interactive = false;

  constructor(private readonly client: SendingClient) {}

  async send(to: Recipient, messages: OutgoingMessage[]): Promise<string | undefined> {
    let id: string | undefined;
    for (const message of messages) {
      const text = message.type === 'text' ? message.text : message.body;
      const sent = await this.client.sendMessage(to.waId, text);
      id = sent?.id?._serialized ?? id;
    }
    return id;
  }

  async typing(to: Recipient): Promise<void> {
    const chat = await this.client.getChatById(to.waId).catch(() => undefined);
    await chat?.sendStateTyping().catch(() => undefined);
  }
}
