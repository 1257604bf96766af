import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/rate-limit';
import { flat } from '../../bot/kept-strings.js';
import { DirectLineError } from './directline/errors.js';

export interface RateLimits {
  /** Requests per minute from one client address to the web chat routes. */
  perAddress: number;
  /** Activities per minute posted to one conversation. */
  perConversation: number;
  /** Public tokens (new conversations) per minute for one client address. */
  publicTokensPerAddress: number;
}

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * An onRequest hook counting requests per key in a one-minute window; past `max` the request gets a
 * 429 in the Direct Line error shape with Retry-After. Counters live in @fastify/rate-limit's store
 * (in memory, or Redis when the plugin is registered with one), so every limit shares one mechanism.
 */
export function perMinute(app: FastifyInstance, name: string, max: number, keyOf: (request: FastifyRequest) => string): Hook {
  // Flattened: the in-memory store keeps its keys for a while, and a key that is a cut of the request's
  // URL (the conversation id) would keep the whole URL alive with it.
  const limiter = app.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (request) => flat(`${name}:${keyOf(request)}`) });
  return async (request, reply) => {
    const result = await limiter(request);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(result.ttlInSeconds));
    throw new DirectLineError(429, 'TooManyRequests', `Too many requests: at most ${max} per minute, try again in ${result.ttlInSeconds} s`);
  };
}

export function conversationKey(request: FastifyRequest): string {
  return (request.params as { conversationId?: string }).conversationId ?? '';
}

export function addressKey(request: FastifyRequest): string {
  return request.ip;
}
