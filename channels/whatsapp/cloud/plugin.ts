import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ChannelHost } from '../../../bot/channel.js';
import type { Config } from '../../../bot/config.js';
import { CHANNEL_ID } from '../conversation.js';
import { WhatsAppInbox } from '../inbox.js';
import { WhatsAppOutlet } from '../outlet.js';
import { MemoryChoiceMemory, type ChoiceMemory } from '../store/choices.js';
import { MemoryDedupStore, type DedupStore } from '../store/dedup.js';
import { MemoryDeliveryStatusStore, type DeliveryStatus, type DeliveryStatusStore } from '../store/delivery-status.js';
import { MemoryLastInboundStore, type LastInboundStore } from '../store/last-inbound.js';
import { loadWhatsAppTexts } from '../texts.js';
import { GraphApi } from './graph.js';
import { CloudMediaApi, type MediaFetch } from './media.js';
import { CloudWebhookProcessor } from './processor.js';
import { webhookRoutes } from './routes.js';
import { CloudSender } from './sender.js';
import { CustomerServiceWindow } from './window.js';

/** What the officer console can ask about a WhatsApp conversation. */
export interface WhatsAppConversationInfo {
  /** True when the citizen has been silent for 24 hours: a reply will go as the approved template. */
  isOutsideWindow(conversationId: string): Promise<boolean>;
  /** The last delivery status WhatsApp reported for a message we sent. */
  deliveryStatus(messageId: string): Promise<DeliveryStatus | undefined>;
  /** A citizen's media (photo, document, voice note…) by the id the transcript's attachment URL names. */
  fetchMedia(mediaId: string): Promise<MediaFetch>;
}

declare module 'fastify' {
  interface FastifyInstance {
    whatsapp: WhatsAppConversationInfo;
  }
}

export interface CloudStores {
  choices: ChoiceMemory;
  dedup: DedupStore;
  statuses: DeliveryStatusStore;
  lastInbound: LastInboundStore;
}

export interface WhatsAppCloudOptions {
  config: Config;
  host: ChannelHost;
  /** The clock (the 24-hour window); injectable for tests. */
  now?: () => number;
  /** In memory when omitted. */
  stores?: Partial<CloudStores>;
}

/** Stops the start with the names of the variables a Cloud API channel cannot run without. */
function requireCloudConfig(config: Config) {
  const required = {
    WHATSAPP_VERIFY_TOKEN: config.WHATSAPP_VERIFY_TOKEN,
    WHATSAPP_APP_SECRET: config.WHATSAPP_APP_SECRET,
    WHATSAPP_ACCESS_TOKEN: config.WHATSAPP_ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: config.WHATSAPP_PHONE_NUMBER_ID,
  };
  const missing = Object.entries(required).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) throw new Error(`WHATSAPP_MODE=cloud needs ${missing.join(', ')} (see channels/whatsapp/README.md)`);
  return required as { [K in keyof typeof required]: string };
}

/**
 * The WhatsApp Business Cloud API channel: the webhook at /webhooks/whatsapp (verification, signed
 * notifications processed after a quick 200), and the outlet that answers through the Graph API.
 */
export const whatsappCloudChannel = fp<WhatsAppCloudOptions>(
  async (app: FastifyInstance, options) => {
    const { config, host } = options;
    const required = requireCloudConfig(config);
    const now = options.now ?? Date.now;
    const stores: CloudStores = {
      choices: options.stores?.choices ?? new MemoryChoiceMemory(now),
      dedup: options.stores?.dedup ?? new MemoryDedupStore(now),
      statuses: options.stores?.statuses ?? new MemoryDeliveryStatusStore(now),
      lastInbound: options.stores?.lastInbound ?? new MemoryLastInboundStore(now),
    };
    const texts = loadWhatsAppTexts(config.DATA_DIR);
    const graph = new GraphApi({ baseUrl: config.WHATSAPP_GRAPH_URL, phoneNumberId: required.WHATSAPP_PHONE_NUMBER_ID, accessToken: required.WHATSAPP_ACCESS_TOKEN });
    const media = new CloudMediaApi({ baseUrl: config.WHATSAPP_GRAPH_URL, phoneNumberId: required.WHATSAPP_PHONE_NUMBER_ID, accessToken: required.WHATSAPP_ACCESS_TOKEN });
    const window = new CustomerServiceWindow(stores.lastInbound, now);
    const template = config.WHATSAPP_TEMPLATE_NAME ? { name: config.WHATSAPP_TEMPLATE_NAME, language: config.WHATSAPP_TEMPLATE_LANG } : undefined;
    if (!template) app.log.warn('whatsapp cloud: no WHATSAPP_TEMPLATE_NAME, officers cannot answer citizens silent for more than 24 hours');

    host.registerOutlet(CHANNEL_ID, new WhatsAppOutlet(new CloudSender({ graph, window, template }), stores.choices, texts));
    const inbox = new WhatsAppInbox({
      runner: host.runner,
      choices: stores.choices,
      context: () => ({ botId: required.WHATSAPP_PHONE_NUMBER_ID, serviceUrl: 'whatsapp://cloud' }),
    });
    const processor = new CloudWebhookProcessor({
      inbox,
      graph,
      window,
      dedup: stores.dedup,
      statuses: stores.statuses,
      phoneNumberId: required.WHATSAPP_PHONE_NUMBER_ID,
      logger: app.log,
    });

    app.decorate('whatsapp', {
      isOutsideWindow: (conversationId: string) => window.isOutsideWindow(conversationId),
      deliveryStatus: (messageId: string) => stores.statuses.latest(messageId),
      fetchMedia: (mediaId: string) => media.fetch(mediaId),
    } satisfies WhatsAppConversationInfo);
    // The routes get their own scope: their body parser (signature first) must not apply elsewhere.
    await app.register(webhookRoutes, { verifyToken: required.WHATSAPP_VERIFY_TOKEN, appSecret: required.WHATSAPP_APP_SECRET, processor });
    app.addHook('onClose', () => processor.drain());
  },
  { name: 'layani-whatsapp-cloud', fastify: '5.x' },
);
