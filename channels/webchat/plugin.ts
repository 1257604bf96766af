import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ChannelHost } from '../../bot/channel.js';
import type { Config } from '../../bot/config.js';
import type { Bus } from '../../bot/store/bus.js';
import { relayedConversationId, type WebChatRelayMessage } from '../../bot/stores.js';
import { CHANNEL_ID } from './directline/activity.js';
import { directLineErrorHandler } from './directline/errors.js';
import { directLineRoutes } from './directline/routes.js';
import { publicTokenSchema } from './directline/schemas.js';
import { StreamHub, StreamUpgrades } from './directline/stream.js';
import { TokenService, signingKey } from './directline/tokens.js';
import { WebChatConversations, newUserId } from './conversations.js';
import { addressKey, perMinute, type RateLimits } from './limits.js';
import { MemoryActivityStore, type ActivityStore } from './store/activity-store.js';
import { widgetRoutes } from './widget/routes.js';

/** GET /v3/directline/conversations/:conversationId/stream, whose WebSocket upgrades StreamUpgrades takes. */
const STREAM_URL = /^\/v3\/directline\/conversations\/[^/?]+\/stream(?:\?|$)/;

export interface WebChatOptions {
  config: Config;
  host: ChannelHost;
  /** The activity log; in memory when omitted. */
  store?: ActivityStore;
  /** Fan-out of new activities across instances; this instance only when omitted. */
  relay?: Bus<WebChatRelayMessage>;
  /** Where rate limits count (shared by instances in Redis); in memory when omitted. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
  /** How often open streams get an empty keep-alive message. */
  keepAliveMs?: number;
}

/**
 * The web chat channel: Direct Line 3.0 under /v3/directline, a public token endpoint for websites
 * without a backend (/webchat/token), the widget (/widget.js) and its demo page (/). Registers the
 * channel's outlet so that the bot's replies reach the conversation's log and open streams.
 */
export async function webChatChannel(app: FastifyInstance, options: WebChatOptions): Promise<void> {
  const { config, host } = options;
  await app.register(rateLimit, { global: false, store: options.rateLimitStore });

  const store = options.store ?? new MemoryActivityStore();
  const streams = new StreamHub(options.keepAliveMs ?? 20_000);
  const upgrades = new StreamUpgrades(app, (url) => STREAM_URL.test(url));
  const metrics = app.hasDecorator('metrics') ? app.metrics : undefined;
  const relay = options.relay;
  // With several instances, each hears every conversation's activities: only those of conversations with
  // a stream open here are parsed.
  const unsubscribe = relay?.subscribe((m) => streams.publish(m.conversationId, m.activities), {
    peek: (raw) => {
      const id = relayedConversationId(raw);
      return id === undefined || streams.has(id);
    },
  });
  const conversations = new WebChatConversations({
    store,
    streams,
    runner: host.runner,
    logger: app.log,
    ...(relay ? { relay } : {}),
    ...(metrics ? { metrics } : {}),
  });
  host.registerOutlet(CHANNEL_ID, conversations);

  const key = signingKey({ signingKey: config.TOKEN_SIGNING_KEY, secret: config.DIRECTLINE_SECRET });
  if (key.ephemeral) app.log.warn('web chat: no TOKEN_SIGNING_KEY or DIRECTLINE_SECRET, tokens are valid only until this process stops');
  const tokens = new TokenService(key.key, config.TOKEN_TTL_SECONDS, config.DIRECTLINE_SECRET);
  const limits: RateLimits = {
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
    perConversation: config.RATE_LIMIT_PER_CONVERSATION,
    publicTokensPerAddress: config.RATE_LIMIT_PUBLIC_TOKENS,
  };

  metrics?.trackOpenConversations(CHANNEL_ID, () => streams.openConversations);
  if (app.hasDecorator('addReadinessCheck')) app.addReadinessCheck('webchat-store', () => store.ping());

  await app.register(directLineRoutes, { prefix: '/v3/directline', conversations, tokens, limits, streams, upgrades });
  app.addHook('onReady', async () => upgrades.listen(app.server));

  if (config.WEBCHAT_PUBLIC_TOKENS) {
    await app.register(async (scope) => {
      scope.setErrorHandler(directLineErrorHandler);
      const limit = perMinute(scope, 'public-token', limits.publicTokensPerAddress, addressKey);
      // Websites without a backend get a token for a new conversation here instead of holding the secret.
      scope.post('/webchat/token', { schema: publicTokenSchema, onRequest: limit }, async () => {
        const meta = await conversations.create(newUserId());
        const issued = await tokens.issue(meta.id, meta.userId);
        return { conversationId: meta.id, token: issued.token, expires_in: issued.expiresIn, userId: meta.userId };
      });
    });
  }

  await app.register(widgetRoutes);

  // Streams close first: the HTTP server's close waits for every open connection.
  app.addHook('preClose', async () => {
    upgrades.close();
    streams.close();
  });
  app.addHook('onClose', async () => {
    unsubscribe?.();
    await conversations.drain();
  });
}
