import type { FastifyBaseLogger } from 'fastify';
import type wwebjs from 'whatsapp-web.js';
import type { WhatsAppInbox } from '../inbox.js';
import { fromWebMessage, isIgnored, type WebMessage } from './messages.js';

/**
 * Handles the client's `message` events: skips what is not a citizen writing to us, shows
 * "typing…" while the bot works, and hands the message to the inbox.
 */
export class WebMessageHandler {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: { inbox: WhatsAppInbox; logger: FastifyBaseLogger }) {}

  attach(client: wwebjs.Client): void {
    client.on('message', (message: wwebjs.Message) => {
      const job = this.handle(message)
        .catch((err: unknown) => this.deps.logger.error({ err }, 'whatsapp web: handling a message failed'))
        .finally(() => this.running.delete(job));
      this.running.add(job);
    });
  }

  async handle(message: WebMessage): Promise<void> {
    if (isIgnored(message)) return;
    const inbound = fromWebMessage(message);
    if (!inbound) return;
    const chat = await message.getChat().catch(() => undefined);
    await chat?.sendStateTyping().catch(() => undefined);
    try {
      await this.deps.inbox.receive(inbound);
    } finally {
      await chat?.clearState().catch(() => undefined);
    }
  }

  /** Waits for every message being handled (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
