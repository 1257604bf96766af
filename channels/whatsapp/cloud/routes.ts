import type { FastifyInstance } from 'fastify';
import { safeEqual } from '../../shared/secrets.js';
import { signedWebhook } from '../../shared/signed-webhook.js';
import type { CloudWebhookProcessor } from './processor.js';

const WEBHOOK_PATH = '/webhooks/whatsapp';
/** Meta batches up to 1000 updates in one POST; a few megabytes is ample. */
const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

export interface WebhookRoutesOptions {
  verifyToken: string;
  appSecret: string;
  processor: CloudWebhookProcessor;
}

const verificationSchema = {
  querystring: {
    type: 'object',
    properties: {
      'hub.mode': { type: 'string' },
      'hub.verify_token': { type: 'string' },
      'hub.challenge': { type: 'string', maxLength: 256 },
    },
  },
} as const;

/** The Cloud API webhook: Meta's subscription check (GET) and signed notifications (POST). */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  app.get<{ Querystring: Record<string, string | undefined> }>(WEBHOOK_PATH, { schema: verificationSchema }, async (request, reply) => {
    const query = request.query;
    const token = query['hub.verify_token'];
    if (query['hub.mode'] === 'subscribe' && token !== undefined && safeEqual(token, options.verifyToken)) {
      return reply.type('text/plain; charset=utf-8').send(query['hub.challenge'] ?? '');
    }
    request.log.warn({ ip: request.ip }, 'whatsapp cloud: webhook verification refused');
    return reply.code(403).send({ error: 'forbidden' });
  });

  await app.register(
    signedWebhook({
      url: WEBHOOK_PATH,
      scheme: { header: 'x-hub-signature-256', algorithm: 'sha256', prefix: 'sha256=', secret: options.appSecret },
      bodyLimit: WEBHOOK_BODY_LIMIT,
      // Acknowledge at once; Meta retries anything slower than a few seconds.
      handler: async (body, _request, reply) => {
        options.processor.accept(body);
        return reply.code(200).send();
      },
    }),
  );
}
