import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClient } from 'redis';
import type { ChannelHost } from '../../bot/channel.js';
import { loadConfig } from '../../bot/config.js';
import { openStores, type Stores } from '../../bot/stores.js';
import { webChatChannel } from '../../channels/webchat/plugin.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const logger = pino({ level: 'silent' });
let redis: TestRedis;
let apps: FastifyInstance[] = [];
let opened: Stores[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await Promise.all(opened.map((stores) => stores.close()));
  apps = [];
  opened = [];
});

const uniquePrefix = () => `rl${Date.now()}${Math.random().toString(36).slice(2, 6)}:`;

async function redisStores(prefix: string): Promise<Stores> {
  const stores = await openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix }), logger);
  opened.push(stores);
  return stores;
}

/** A server with Layani's two kinds of limits: a named limiter (web chat) and a route's own (console login). */
async function limitedServer(store: FastifyRateLimitStoreCtor | undefined, windowMs = 60_000): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(rateLimit, { global: false, store });
  const perKey = app.createRateLimit({ max: 3, timeWindow: windowMs, keyGenerator: (request) => `named:${(request.query as { k?: string }).k ?? ''}` });
  app.get('/named', async (request, reply) => {
    const result = await perKey(request);
    if (!result.isAllowed && result.isExceeded) return reply.status(429).send({ ttl: result.ttl });
    return { remaining: result.isAllowed ? null : result.remaining };
  });
  app.get('/peek', async (request) => {
    const result = await perKey(request, { increment: false });
    return { remaining: result.isAllowed ? null : result.remaining };
  });
  for (const url of ['/route-a', '/route-b']) app.get(url, { config: { rateLimit: { max: 2, timeWindow: windowMs } } }, async () => ({ ok: true }));
  await app.ready();
  apps.push(app);
  return app;
}

const status = async (app: FastifyInstance, url: string) => (await app.inject({ method: 'GET', url })).statusCode;

/** The same limits whether @fastify/rate-limit counts in memory or in Redis. */
function contract(name: string, storeFor: () => Promise<FastifyRateLimitStoreCtor | undefined>) {
  describe(`${name} rate-limit counters`, () => {
    it('refuse past the limit within the window, per key', async () => {
      const app = await limitedServer(await storeFor());
      expect((await app.inject({ method: 'GET', url: '/named?k=a' })).json()).toEqual({ remaining: 2 });
      expect(await status(app, '/named?k=a')).toBe(200);
      expect(await status(app, '/named?k=a')).toBe(200);
      const refused = await app.inject({ method: 'GET', url: '/named?k=a' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().ttl).toBeGreaterThan(55_000);
      expect(refused.json().ttl).toBeLessThanOrEqual(60_000);
      expect(await status(app, '/named?k=b')).toBe(200);
    });

    it('read a counter without counting', async () => {
      const app = await limitedServer(await storeFor());
      expect((await app.inject({ method: 'GET', url: '/peek?k=p' })).json()).toEqual({ remaining: 3 });
      await app.inject({ method: 'GET', url: '/named?k=p' });
      expect((await app.inject({ method: 'GET', url: '/peek?k=p' })).json()).toEqual({ remaining: 2 });
      expect((await app.inject({ method: 'GET', url: '/peek?k=p' })).json()).toEqual({ remaining: 2 });
    });

    it("count each route's own limit apart", async () => {
      const app = await limitedServer(await storeFor());
      expect([await status(app, '/route-a'), await status(app, '/route-a'), await status(app, '/route-a')]).toEqual([200, 200, 429]);
      expect(await status(app, '/route-b')).toBe(200);
    });

    it('start again once the window has passed', async () => {
      const app = await limitedServer(await storeFor(), 200);
      for (let i = 0; i < 3; i++) expect(await status(app, '/named?k=w')).toBe(200);
      expect(await status(app, '/named?k=w')).toBe(429);
      await sleep(300);
      expect(await status(app, '/named?k=w')).toBe(200);
    });
  });
}

contract('in-memory', async () => undefined);
contract('Redis', async () => (await redisStores(uniquePrefix())).rateLimit);

describe('rate limits in Redis', () => {
  it('count requests to every instance together, under the prefix, expiring with the window', async () => {
    const prefix = uniquePrefix();
    const a = await limitedServer((await redisStores(prefix)).rateLimit);
    const b = await limitedServer((await redisStores(prefix)).rateLimit);
    expect([await status(a, '/named?k=x'), await status(b, '/named?k=x'), await status(a, '/named?k=x')]).toEqual([200, 200, 200]);
    expect(await status(b, '/named?k=x')).toBe(429);
    await Promise.all([status(a, '/route-a'), status(b, '/route-a')]);
    expect(await status(b, '/route-a')).toBe(429);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = (await client.keys('*')).filter((k) => k.startsWith(prefix)).sort();
      expect(keys).toEqual([`${prefix}ratelimit:GET/route-a:127.0.0.1`, `${prefix}ratelimit:named:x`]);
      for (const key of keys) {
        const ttl = await client.pTTL(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    } finally {
      await client.close();
    }
  });

  it('refuses the modes it does not implement rather than ignoring them', async () => {
    const store = (await redisStores(uniquePrefix())).rateLimit!;
    const app = Fastify({ logger: false });
    apps.push(app);
    await expect(app.register(rateLimit, { global: false, store, continueExceeding: true }).ready()).rejects.toThrow(/continueExceeding/);
  });

  it('are where the web chat counts: public tokens are limited across instances', async () => {
    const prefix = uniquePrefix();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'data', REDIS_URL: redis.url, REDIS_PREFIX: prefix, RATE_LIMIT_PUBLIC_TOKENS: '2' });
    const host: ChannelHost = { runner: { run: async () => undefined }, registerOutlet: () => undefined };
    const instance = async () => {
      const stores = await redisStores(prefix);
      const app = Fastify({ logger: false });
      await app.register(webChatChannel, { config, host, store: stores.activities, relay: stores.webchat, rateLimitStore: stores.rateLimit });
      await app.ready();
      apps.push(app);
      return app;
    };
    const [a, b] = [await instance(), await instance()];
    const token = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/webchat/token' }).then((r) => r.statusCode);
    expect([await token(a), await token(b)]).toEqual([200, 200]);
    expect(await token(a)).toBe(429);
  });
});
