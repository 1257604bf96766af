import cors from '@fastify/cors';
import helmet from 'helmet';
import fp from 'fastify-plugin';

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
    app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)));
    const anyOrigin = options.corsOrigins.includes('*');
    await app.register(cors, {
      origin: anyOrigin ? true : options.corsOrigins.length > 0 ? options.corsOrigins : false,
      methods: ['GET', 'POST'],
      maxAge: 600,
    });
  },
  { name: 'layani-hardening', fastify: '5.x' },
);
