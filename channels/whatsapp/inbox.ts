import type { TurnRunner } from '../../bot/channel.js';
import { choiceByNumber } from './convert/choices.js';
import { toActivity, type ActivityContext, type InboundMessage } from './convert/incoming.js';
import { conversationIdFor } from './conversation.js';
import type { ChoiceMemory } from './store/choices.js';

/**
 * Where both WhatsApp transports hand over what a citizen wrote: a typed number becomes the choice
 * it stands for, then the message goes to the bot as an Activity.
 */
export class WhatsAppInbox {
  constructor(
    private readonly deps: {
      runner: TurnRunner;
      choices: ChoiceMemory;
      /** Read per message: a linked phone learns its own number only once connected. */
      context: () => ActivityContext;
    },
  ) {}

  async receive(message: InboundMessage): Promise<void> {
    const resolved = await this.resolveNumber(message);
    await this.deps.runner.run(toActivity(resolved, this.deps.context()));
  }

  private async resolveNumber(message: InboundMessage): Promise<InboundMessage> {
    if (message.choice || !message.text) return message;
    const offered = await this.deps.choices.offered(conversationIdFor(message.waId));
    const choice = choiceByNumber(message.text, offered);
    return choice ? { ...message, choice: { id: choice.value, title: choice.title } } : message;
  }
}
