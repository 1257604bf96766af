import type { FastifyInstance } from 'fastify';
import type wwebjs from 'whatsapp-web.js';
import type { ChannelHost } from '../../../bot/channel.js';
import type { Config } from '../../../bot/config.js';
import type { ChoiceMemory } from '../store/choices.js';
import { loadWhatsAppTexts } from '../texts.js';
import { attachWhatsAppWeb } from './channel.js';
import { createWebClient } from './client.js';
import { WebConnection, type ConnectionOptions } from './connection.js';
import { qrPageRoutes } from './qr-page.js';

export interface WhatsAppWebOptions {
  config: Config;
  host: ChannelHost;
  /** The whatsapp-web.js client; one with a session in WHATSAPP_SESSION_DIR when omitted. */
  client?: wwebjs.Client;
  /** Where that client saves its session when state is shared (Redis); on this disk when omitted. */
  remoteAuthStore?: wwebjs.Store;
  /** The choices offered per conversation; in memory when omitted. */
  choices?: ChoiceMemory;
  printQr?: ConnectionOptions['printQr'];
}

/**
 * The whatsapp-web.js channel (a phone linked by QR code): the bot's turns, the operator's QR page
 * at /whatsapp/qr, and the connection, which starts once the server listens and stops with it.
 */
export async function whatsappWebChannel(app: FastifyInstance, options: WhatsAppWebOptions): Promise<void> {
  const { config, host } = options;
  const texts = loadWhatsAppTexts(config.DATA_DIR);
  const client =
    options.client ??
    createWebClient({ sessionDir: config.WHATSAPP_SESSION_DIR, chromiumPath: config.CHROMIUM_PATH, remoteAuthStore: options.remoteAuthStore });
  const handler = attachWhatsAppWeb(client, { host, texts, logger: app.log, choices: options.choices });
  const connection = new WebConnection(client, { logger: app.log, ...(options.printQr ? { printQr: options.printQr } : {}) });

  if (config.WHATSAPP_QR_TOKEN) {
    await app.register(qrPageRoutes, { token: config.WHATSAPP_QR_TOKEN, status: () => connection.status, texts });
  } else {
    app.log.info('whatsapp web: no WHATSAPP_QR_TOKEN, the QR code is shown in the terminal only');
  }

  // The start hook: linking (Chromium, QR code) begins once the server accepts requests.
  app.addHook('onListen', async () => connection.start());
  app.addHook('onClose', async () => {
    await connection.stop();
    await handler.drain();
  });
}
