import type { FastifyInstance } from 'fastify';
import { buildWidgetBundle, demoPage } from './assets.js';

/** GET /widget.js (gzip when accepted, revalidated by ETag) and the demo page at /. */
export async function widgetRoutes(app: FastifyInstance): Promise<void> {
  const bundle = buildWidgetBundle();
  const demo = demoPage();

  app.get('/widget.js', async (request, reply) => {
    void reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('etag', bundle.etag)
      .header('vary', [reply.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
    if (request.headers['if-none-match'] === bundle.etag) return reply.status(304).send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(bundle.gzip);
    return reply.send(bundle.js);
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(demo));
}
