import cors from '@fastify/cors';
import helmet from 'helmet';
import fp from 'fastify-plugin';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HardeningOptions {
  /** Origins allowed to call the API from a browser (`*` for any); none: same origin only. */
  corsOrigins: string[];
}

/**
 * Security headers and CORS for the whole server. The CSP lets our own pages run the widget (script
 * and WebSocket from this origin, styles it injects); /widget.js may be loaded by any website.
 */
export const hardeningPlugin = fp<HardeningOptions>(
  async (app, options) => {
    // Built once: @fastify/helmet calls helmet(options) again for every request, re-parsing the policy.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
        },
      },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    });
    // The policy sets the same headers on every response: read them once, hand them to each reply.
    const headers = headersOf(securityHeaders);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    const anyOrigin = options.corsOrigins.includes('*');
    await app.register(cors, {
      origin: anyOrigin ? true : options.corsOrigins.length > 0 ? options.corsOrigins : false,
      methods: ['GET', 'POST'],
      maxAge: 600,
    });
  },
  { name: 'layani-hardening', fastify: '5.x' },
);

/** The headers a helmet middleware sets, read by running it once against a recording response. */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  middleware({ headers: {} } as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return headers;
}
