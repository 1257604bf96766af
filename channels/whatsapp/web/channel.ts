import type { FastifyBaseLogger } from 'fastify';
import type wwebjs from 'whatsapp-web.js';
import type { ChannelHost } from '../../../bot/channel.js';
import { CHANNEL_ID } from '../conversation.js';
import { WhatsAppInbox } from '../inbox.js';
import { WhatsAppOutlet } from '../outlet.js';
import { MemoryChoiceMemory, type ChoiceMemory } from '../store/choices.js';
import type { WhatsAppTexts } from '../texts.js';
import { WebMessageHandler } from './handler.js';
import { WebSender } from './sender.js';

export interface WebChannelDeps {
  host: ChannelHost;
  texts: WhatsAppTexts;
  logger: FastifyBaseLogger;
  /** In memory when omitted. */
  choices?: ChoiceMemory;
}

/**
 * Connects a whatsapp-web.js client to the bot: its `message` events become turns, and the outlet
 * answers through `client.sendMessage`. Works on a client that is not initialised yet.
 */
export function attachWhatsAppWeb(client: wwebjs.Client, deps: WebChannelDeps): WebMessageHandler {
  const choices = deps.choices ?? new MemoryChoiceMemory();
  deps.host.registerOutlet(CHANNEL_ID, new WhatsAppOutlet(new WebSender(client), choices, deps.texts));
  const inbox = new WhatsAppInbox({
    runner: deps.host.runner,
    choices,
    // Our own id is known once the phone is linked.
    context: () => ({ botId: client.info?.wid?._serialized ?? 'layani', serviceUrl: 'whatsapp://web' }),
  });
  const handler = new WebMessageHandler({ inbox, logger: deps.logger });
  handler.attach(client);
  return handler;
}
