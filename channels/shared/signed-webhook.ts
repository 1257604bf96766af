import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How a provider signs its webhook bodies: an HMAC of the raw body in a header, e.g. Meta's `X-Hub-Signature-256: sha256=<hex>`. */
export interface SignatureScheme {
  header: string;
  algorithm: 'sha256' | 'sha1';
  /** What precedes the hex digest in the header (`sha256=`). */
  prefix: string;
  secret: string;
}

/** True when `signature` is the HMAC of exactly these bytes; constant-time, length-checked. */
export function verifySignature(raw: Buffer, signature: string | undefined, scheme: SignatureScheme): boolean {
  if (!scheme.secret || typeof signature !== 'string' || !signature.startsWith(scheme.prefix)) return false;
  const hex = signature.slice(scheme.prefix.length);
  if (!/^[0-9a-fA-F]+$/.test(hex)) return false;
  const presented = Buffer.from(hex, 'hex');
  const expected = createHmac(scheme.algorithm, scheme.secret).update(raw).digest();
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export interface SignedWebhookOptions {
  url: string;
  scheme: SignatureScheme;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  /** Runs only for a body whose signature checked out; `body` is the parsed JSON. */
  handler: (body: unknown, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/**
 * A POST webhook that only ever sees signed bodies. Every content type goes through one parser that
 * checks the signature on the raw bytes before anything is parsed; a missing or wrong signature (or
 * no body at all) gets 401 and the handler never runs. Register it as its own plugin: the parser
 * replaces the defaults only inside it.
 */
export function signedWebhook(options: SignedWebhookOptions) {
  return async function signedWebhookRoutes(app: FastifyInstance): Promise<void> {
    const verified = new WeakSet<FastifyRequest>();
    const refuse = (request: FastifyRequest) => {
      request.log.warn({ url: options.url, ip: request.ip }, 'webhook refused: missing or invalid signature');
      return Object.assign(new Error('Invalid signature'), { statusCode: 401 });
    };

    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, raw, done) => {
      const header = request.headers[options.scheme.header.toLowerCase()];
      if (!verifySignature(raw as Buffer, Array.isArray(header) ? header[0] : header, options.scheme)) {
        done(refuse(request), undefined);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse((raw as Buffer).toString('utf8'));
      } catch {
        done(Object.assign(new Error('Body is not JSON'), { statusCode: 400 }), undefined);
        return;
      }
      verified.add(request);
      done(null, body);
    });

    app.post(options.url, {
      bodyLimit: options.bodyLimit,
      // A request without a body never reached the parser, so it was never verified either.
      preHandler: async (request) => {
        if (!verified.has(request)) throw refuse(request);
      },
      handler: (request, reply) => options.handler(request.body, request, reply),
    });
  };
}
