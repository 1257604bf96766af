import type { Activity } from 'botbuilder-core';
import type { OutgoingMessage } from '../convert/outgoing.js';
import type { Recipient, WhatsAppSender } from '../outlet.js';
import type { GraphApi } from './graph.js';
import { messageRequest, templateRequest, type TemplateConfig } from './requests.js';
import type { CustomerServiceWindow } from './window.js';

export class OutsideWindowError extends Error {
  constructor(conversationId: string) {
    super(`${conversationId} is outside WhatsApp's 24-hour window and no template is configured (WHATSAPP_TEMPLATE_NAME)`);
  }
}

/**
 * Sends through the Cloud API. Inside the 24-hour window the rendered messages go as they are
 * (text, reply buttons, lists); outside it, WhatsApp refuses free-form messages, so the activity's
 * text goes as the configured approved template (typically an officer answering a day later).
 */
export class CloudSender implements WhatsAppSender {
  readonly interactive = true;

  constructor(
    private readonly deps: { graph: GraphApi; window: CustomerServiceWindow; template?: TemplateConfig | undefined },
  ) {}

  async send(to: Recipient, messages: OutgoingMessage[], activity: Partial<Activity>): Promise<string | undefined> {
    if (await this.deps.window.isOutsideWindow(to.conversationId)) {
      if (!this.deps.template) throw new OutsideWindowError(to.conversationId);
      return this.deps.graph.post(templateRequest(to.waId, this.deps.template, activity.text ?? ''));
    }
    let id: string | undefined;
    for (const message of messages) id = await this.deps.graph.post(messageRequest(to.waId, message));
    return id;
  }

  /** The Cloud API shows "typing…" only with a read receipt for a received message (sent on arrival). */
  async typing(): Promise<void> {}
}
