import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { WebChatConversations } from '../conversations.js';
import { newUserId } from '../conversations.js';
import { addressKey, conversationKey, perMinute, type RateLimits } from '../limits.js';
import type { ClientActivity } from './activity.js';
import { DirectLineError, directLineErrorHandler, errorBody } from './errors.js';
import {
  getActivitiesSchema,
  postActivitySchema,
  reconnectSchema,
  startConversationSchema,
  streamSchema,
  tokensGenerateSchema,
  tokensRefreshSchema,
} from './schemas.js';
import type { StreamHub, StreamUpgrades } from './stream.js';
import { bearerOf, type Principal, type TokenService } from './tokens.js';

export interface DirectLineOptions {
  conversations: WebChatConversations;
  tokens: TokenService;
  limits: RateLimits;
  streams: StreamHub;
  upgrades: StreamUpgrades;
}

interface StartBody {
  user?: { id?: string; name?: string };
}
interface ConversationParams {
  conversationId: string;
}
interface WatermarkQuery {
  watermark?: string;
}

/** Who may call a route: only the secret holder, or anyone with the secret or a valid token. */
type Access = 'secret' | 'secretOrToken';

/**
 * Bot Framework Direct Line 3.0 (the subset web chat clients use), registered under /v3/directline.
 * Shapes follow Microsoft's API reference so botframework-directlinejs and Web Chat work unchanged.
 */
export async function directLineRoutes(app: FastifyInstance, options: DirectLineOptions): Promise<void> {
  const { conversations, tokens, limits, streams, upgrades } = options;
  const principals = new WeakMap<FastifyRequest, Principal>();

  app.setErrorHandler(directLineErrorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(errorBody('NotFound', `${request.method} ${request.url.split('?')[0]} is not part of this Direct Line service`));
  });
  acceptEmptyJsonBodies(app);

  const perAddress = perMinute(app, 'address', limits.perAddress, addressKey);
  const perConversation = perMinute(app, 'conversation', limits.perConversation, conversationKey);

  /**
   * Authenticates before the body is read; a token only opens its own conversation. Browsers cannot
   * set headers on a WebSocket, so the stream URL carries its token in `t`.
   */
  const authenticate =
    (access: Access, tokenInQuery = false): onRequestHookHandler =>
    async (request) => {
      const queryToken = tokenInQuery ? (request.query as { t?: string }).t : undefined;
      const principal = await tokens.authenticate(bearerOf(request.headers.authorization) ?? queryToken);
      if (access === 'secret' && principal.kind !== 'secret') {
        throw new DirectLineError(403, 'Forbidden', 'This operation requires the Direct Line secret');
      }
      const conversationId = (request.params as Partial<ConversationParams>).conversationId;
      if (conversationId && principal.kind === 'token' && principal.conversationId !== conversationId) {
        throw new DirectLineError(403, 'Forbidden', 'This token is not valid for this conversation');
      }
      principals.set(request, principal);
    };
  const principalOf = (request: FastifyRequest): Principal => principals.get(request)!;

  /**
   * A posted activity counts against its client's address and, once its token is checked, against its
   * conversation. The token check does no I/O, so both counters go to the store together (with Redis,
   * in one round trip); an address over its limit is still refused first, as on the other routes.
   */
  const authenticatePost = authenticate('secretOrToken');
  const postChecks: onRequestHookHandler = async function (request, reply) {
    const address = perAddress(request, reply);
    address.catch(() => undefined); // awaited below, whichever way the token check goes
    try {
      await authenticatePost.call(this, request, reply, () => undefined);
    } catch (err) {
      await address;
      throw err;
    }
    await Promise.all([address, perConversation(request, reply)]);
  };

  const existing = async (conversationId: string) => {
    const meta = await conversations.get(conversationId);
    if (!meta) throw new DirectLineError(404, 'NotFound', 'Conversation not found or expired: start a new one');
    return meta;
  };

  app.post<{ Body: StartBody | undefined }>(
    '/tokens/generate',
    { schema: tokensGenerateSchema, onRequest: [perAddress, authenticate('secret')] },
    async (request) => {
      const meta = await conversations.create(request.body?.user?.id ?? newUserId());
      const issued = await tokens.issue(meta.id, meta.userId);
      return { conversationId: meta.id, token: issued.token, expires_in: issued.expiresIn };
    },
  );

  app.post('/tokens/refresh', { schema: tokensRefreshSchema, onRequest: [perAddress, authenticate('secretOrToken')] }, async (request) => {
    const principal = principalOf(request);
    if (principal.kind !== 'token') throw new DirectLineError(400, 'BadArgument', 'tokens/refresh takes a token, not the secret');
    const issued = await tokens.issue(principal.conversationId, principal.userId);
    return { conversationId: principal.conversationId, token: issued.token, expires_in: issued.expiresIn };
  });

  app.post<{ Body: StartBody | undefined }>(
    '/conversations',
    { schema: startConversationSchema, onRequest: [perAddress, authenticate('secretOrToken')] },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind === 'secret') {
        const meta = await conversations.create(request.body?.user?.id ?? newUserId());
        await conversations.start(meta.id, meta.userId, serviceUrl(request));
        const issued = await tokens.issue(meta.id, meta.userId);
        return reply.status(201).send(conversationBody(request, meta.id, issued.token, issued.expiresIn));
      }
      const created = await conversations.start(principal.conversationId, principal.userId, serviceUrl(request));
      const expiresIn = Math.max(0, Math.floor((principal.expiresAt - Date.now()) / 1000));
      return reply.status(created ? 201 : 200).send(conversationBody(request, principal.conversationId, principal.token, expiresIn));
    },
  );

  app.get<{ Params: ConversationParams; Querystring: WatermarkQuery }>(
    '/conversations/:conversationId',
    { schema: reconnectSchema, onRequest: [perAddress, authenticate('secretOrToken')] },
    async (request) => {
      const meta = await existing(request.params.conversationId);
      const issued = await tokens.issue(meta.id, meta.userId);
      return conversationBody(request, meta.id, issued.token, issued.expiresIn, request.query.watermark);
    },
  );

  app.get<{ Params: ConversationParams; Querystring: WatermarkQuery }>(
    '/conversations/:conversationId/activities',
    { schema: getActivitiesSchema, onRequest: [perAddress, authenticate('secretOrToken')] },
    async (request) => {
      const meta = await existing(request.params.conversationId);
      const set = await conversations.read(meta.id, parseWatermark(request.query.watermark));
      return { activities: set.activities, watermark: String(set.watermark) };
    },
  );

  app.post<{ Params: ConversationParams; Body: ClientActivity }>(
    '/conversations/:conversationId/activities',
    { schema: postActivitySchema, onRequest: postChecks },
    async (request) => {
      const meta = await existing(request.params.conversationId);
      const principal = principalOf(request);
      // A token's user id wins over what the client claims, so nobody speaks as someone else.
      const userId = (principal.kind === 'token' ? principal.userId : undefined) ?? meta.userId ?? request.body.from?.id ?? newUserId();
      if (!meta.started) await conversations.start(meta.id, userId, serviceUrl(request));
      const id = await conversations.receive(meta.id, request.body, userId, serviceUrl(request));
      // Answer after the stream write that carries the echo of this activity (with the bot's reply when
      // it came at once): clients see their own message on the stream before the POST's answer, which
      // the widget relies on to recognise it.
      await streams.flushed();
      return { id };
    },
  );

  // The WebSocket stream: its upgrade request comes here through StreamUpgrades, after the same checks.
  app.get<{ Params: ConversationParams; Querystring: WatermarkQuery }>(
    '/conversations/:conversationId/stream',
    { schema: streamSchema, onRequest: [perAddress, authenticate('secretOrToken', true)] },
    async (request, reply) => {
      const { conversationId } = request.params;
      await existing(conversationId);
      const watermark = parseWatermark(request.query.watermark);
      const upgraded = upgrades.accept(request, reply, (socket) => {
        conversations.openStream(conversationId, socket, watermark).catch((err: unknown) => {
          request.log.error({ err }, 'web chat stream failed');
          socket.close(1011);
        });
      });
      if (!upgraded) throw new DirectLineError(404, 'NotFound', 'The stream is opened with a WebSocket upgrade');
    },
  );
}

function parseWatermark(watermark: string | undefined): number | undefined {
  return watermark ? Number(watermark) : undefined;
}

/** Fastify rejects an empty JSON body; Direct Line clients send one (e.g. tokens/generate). */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else parse(request, text, done);
  });
}

function origin(request: FastifyRequest, scheme: 'http' | 'ws'): string {
  const secure = request.protocol === 'https';
  return `${scheme}${secure ? 's' : ''}://${request.host}`;
}

function serviceUrl(request: FastifyRequest): string {
  return `${origin(request, 'http')}/`;
}

function conversationBody(request: FastifyRequest, conversationId: string, token: string, expiresIn: number, watermark?: string) {
  const query = new URLSearchParams(watermark ? { watermark, t: token } : { t: token });
  return {
    conversationId,
    token,
    expires_in: expiresIn,
    streamUrl: `${origin(request, 'ws')}/v3/directline/conversations/${conversationId}/stream?${query}`,
  };
}
