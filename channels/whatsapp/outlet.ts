import { randomUUID } from 'node:crypto';
import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder-core';
import type { Outlet } from '../../bot/channel.js';
import { renderActivity, type OutgoingMessage } from './convert/outgoing.js';
import { recipientOf } from './conversation.js';
import type { ChoiceMemory } from './store/choices.js';
import type { WhatsAppTexts } from './texts.js';

export interface Recipient {
  /** The WhatsApp id to send to. */
  waId: string;
  conversationId: string;
}

/** A WhatsApp transport: whatsapp-web.js (a linked phone) or the Cloud API. */
export interface WhatsAppSender {
  /** Whether reply buttons and list messages can be sent (Cloud API) or choices must be numbered. */
  readonly interactive: boolean;
  /** Sends the messages of one activity in order; resolves to the id of the last one sent. */
  send(to: Recipient, messages: OutgoingMessage[], activity: Partial<Activity>): Promise<string | undefined>;
  /** Shows "typing…" where the transport can. */
  typing(to: Recipient): Promise<void>;
}

/**
 * The WhatsApp outlet: everything the bot or an officer says to a WhatsApp citizen leaves here,
 * rendered for WhatsApp, with the offered choices remembered for numbered replies.
 */
export class WhatsAppOutlet implements Outlet {
  constructor(
    private readonly sender: WhatsAppSender,
    private readonly choices: ChoiceMemory,
    private readonly texts: WhatsAppTexts,
  ) {}

  async deliver(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const to: Recipient = { waId: recipientOf(reference), conversationId: reference.conversation?.id ?? '' };
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      let id: string | undefined;
      if (activity.type === 'typing') {
        await this.sender.typing(to);
      } else if (activity.type === 'message') {
        const rendered = renderActivity(activity, { interactive: this.sender.interactive, texts: this.texts });
        // Remembered before sending, so that a quick "2" already finds them.
        await this.choices.remember(to.conversationId, rendered.choices);
        if (rendered.messages.length > 0) id = await this.sender.send(to, rendered.messages, activity);
      }
      responses.push({ id: id ?? randomUUID() });
    }
    return responses;
  }
}
