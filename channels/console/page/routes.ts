import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const here = new URL('./', import.meta.url);

/**
 * Stricter than the server-wide policy: the console runs only its own script and stylesheet, talks
 * only to this origin, and may not be framed (no clickjacking of officer actions).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(file: string, type: string): Asset {
  const body = readFileSync(new URL(file, here), 'utf8');
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/** GET /console (the page), /console/console.js and /console/console.css: plain files, no inline code. */
export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const assets: Record<string, Asset> = {
    '/console': asset('index.html', 'text/html; charset=utf-8'),
    '/console/console.js': asset('console.js', 'application/javascript; charset=utf-8'),
    '/console/console.css': asset('console.css', 'text/css; charset=utf-8'),
  };
  for (const [path, file] of Object.entries(assets)) {
    app.get(path, async (request, reply) => {
      void reply
        .header('content-type', file.type)
        .header('content-security-policy', CONSOLE_CSP)
        .header('cache-control', 'no-cache')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer')
        .header('etag', file.etag);
      if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
      return reply.send(file.body);
    });
  }
  app.get('/console/', async (_request, reply) => reply.redirect('/console'));
}
