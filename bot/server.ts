import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { ChannelHost } from './channel.js';
import { hardeningPlugin } from './ops/hardening.js';
import { opsPlugin } from './ops/plugin.js';
import type { LayaniMetrics } from './ops/metrics.js';
import type { Stores } from './stores.js';
import { webChatChannel } from '../channels/webchat/plugin.js';
import { FileOfficerAccounts } from '../channels/console/accounts/file-accounts.js';
import { officerConsole } from '../channels/console/plugin.js';
import type { OfficerDesk } from './handoff/api.js';

export interface ServerDeps {
  config: Config;
  logger: Logger;
  host: ChannelHost;
  metrics?: LayaniMetrics;
  /** Shared state (bot/stores.ts); each channel keeps its own in memory when omitted. */
  stores?: Stores;
  /** The officers' side of the handoff; the console at /console is served when given. */
  desk?: OfficerDesk;
}

/** The HTTP server: each channel registers itself as a fastify plugin with its own routes. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // One log line per turn comes from the bot; per-request lines would only repeat it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    // Only behind a reverse proxy may X-Forwarded-For be believed (rate limits are per address).
    trustProxy: deps.config.TRUST_PROXY,
  });
  // Channel plugins are registered here (web chat, officer console, WhatsApp).
  await app.register(hardeningPlugin, { corsOrigins: deps.config.CORS_ORIGINS });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(opsPlugin, { metrics: deps.metrics, ready: deps.stores?.ready });
  const { config, host, stores } = deps;
  await app.register(webChatChannel, { config, host, store: stores?.activities, relay: stores?.webchat, rateLimitStore: stores?.rateLimit });
  // Each WhatsApp mode is loaded only when chosen (whatsapp-web.js brings puppeteer along).
  if (config.WHATSAPP_MODE === 'cloud') {
    const { whatsappCloudChannel } = await import('../channels/whatsapp/cloud/plugin.js');
    await app.register(whatsappCloudChannel, { config, host, stores: stores?.whatsapp });
  }
  if (config.WHATSAPP_MODE === 'web') {
    const { whatsappWebChannel } = await import('../channels/whatsapp/web/plugin.js');
    await app.register(whatsappWebChannel, { config, host, choices: stores?.whatsapp.choices, remoteAuthStore: stores?.remoteAuth });
  }
  if (deps.desk) {
    const accounts = stores?.accounts ?? new FileOfficerAccounts(config.OFFICER_ACCOUNTS_FILE);
    await app.register(officerConsole, { desk: deps.desk, accounts, config, sessions: stores?.sessions, rateLimitStore: stores?.rateLimit });
  }
  return app;
}
