import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { ChannelHost } from './channel.js';

export interface ServerDeps {
  config: Config;
  logger: Logger;
  host: ChannelHost;
}

/** The HTTP server: each channel registers itself as a fastify plugin with its own routes. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    disableRequestLogging: true,
    bodyLimit: 64 * 1024,
    trustProxy: true,
  });
  // Channel plugins are registered here (web chat, officer console, WhatsApp).
  return app;
}
