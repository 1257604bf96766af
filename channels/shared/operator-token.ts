import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from './secrets.js';

/**
 * Guards an operator-only page with a shared token: `Authorization: Bearer <token>` for scripts, or
 * HTTP Basic with the token as password so that a browser asks for it (it never goes in the URL).
 */
export function operatorTokenGuard(token: string, realm: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const presented = presentedToken(request.headers.authorization);
    if (presented !== undefined && safeEqual(presented, token)) return;
    request.log.warn({ url: request.url, ip: request.ip }, 'operator page refused: missing or wrong token');
    await reply
      .code(401)
      .header('www-authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .header('cache-control', 'no-store')
      .send({ error: 'unauthorized' });
  };
}

function presentedToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value] = authorization.split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}
