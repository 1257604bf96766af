import type { FastifyBaseLogger } from 'fastify';
import { conversationIdFor } from '../conversation.js';
import type { WhatsAppInbox } from '../inbox.js';
import type { DedupStore } from '../store/dedup.js';
import type { DeliveryStatusStore } from '../store/delivery-status.js';
import type { GraphApi } from './graph.js';
import { fromCloudMessage } from './messages.js';
import { readNotification, type CloudStatus, type ReceivedMessage } from './payload.js';
import { readRequest } from './requests.js';
import type { CustomerServiceWindow } from './window.js';

/** Meta retries an unacknowledged webhook with growing delays, for a day or more; a week covers it. */
const DEDUP_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface ProcessorDeps {
  inbox: WhatsAppInbox;
  graph: GraphApi;
  window: CustomerServiceWindow;
  dedup: DedupStore;
  statuses: DeliveryStatusStore;
  /** Our number: messages to another number of the same app are not ours to answer. */
  phoneNumberId: string;
  logger: FastifyBaseLogger;
}

/**
 * Handles verified webhook bodies after the 200 went out: statuses are recorded, each new message
 * (once, however often Meta delivers it) opens the 24-hour window, is marked read and goes to the bot.
 */
export class CloudWebhookProcessor {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: ProcessorDeps) {}

  /** Queues a body for processing and returns at once, so the webhook answers within Meta's timeout. */
  accept(body: unknown): void {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.process(body))
      .catch((err: unknown) => this.deps.logger.error({ err }, 'whatsapp cloud: webhook processing failed'))
      .finally(() => this.running.delete(job));
    this.running.add(job);
  }

  /** Waits until every accepted body has been processed (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async process(body: unknown): Promise<void> {
    const notification = readNotification(body);
    for (const status of notification.statuses) await this.recordStatus(status);
    // Different citizens in parallel; one citizen's turns stay in order in the bot's own queue.
    await Promise.all(notification.messages.map((received) => this.receive(received)));
  }

  private async recordStatus(status: CloudStatus): Promise<void> {
    await this.deps.statuses.record({
      messageId: status.id,
      recipient: status.recipient_id,
      status: status.status,
      timestamp: new Date(Number(status.timestamp) * 1000),
      ...(status.errors ? { errors: status.errors.map((e) => ({ code: e.code, title: e.title })) } : {}),
    });
    if (status.status === 'failed') {
      this.deps.logger.warn({ messageId: status.id, errors: status.errors }, 'whatsapp cloud: a message could not be delivered');
    }
  }

  private async receive(received: ReceivedMessage): Promise<void> {
    const { message } = received;
    if (received.phoneNumberId !== this.deps.phoneNumberId) {
      this.deps.logger.warn({ phoneNumberId: received.phoneNumberId }, 'whatsapp cloud: message for another phone number ignored (check WHATSAPP_PHONE_NUMBER_ID)');
      return;
    }
    if (!(await this.deps.dedup.firstSeen(`whatsapp:${message.id}`, DEDUP_TTL_MS))) return;
    await this.deps.window.opened(conversationIdFor(message.from), Number(message.timestamp) * 1000);
    const inbound = fromCloudMessage(received);
    if (!inbound) return;
    const read = this.deps.graph
      .post(readRequest(message.id))
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'whatsapp cloud: marking a message read failed'));
    await Promise.all([read, this.deps.inbox.receive(inbound)]);
  }
}
