import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../bot/config.js';
import { hardeningPlugin } from '../../bot/ops/hardening.js';
import { openStores, type Stores } from '../../bot/stores.js';
import { hashPassword } from '../../channels/console/accounts/password.js';
import { officerConsole } from '../../channels/console/plugin.js';
import { TestDesk } from '../console/support/desk.js';
import { PASSWORD, attemptLogin, login } from '../console/support/server.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const logger = pino({ level: 'silent' });
let redis: TestRedis;
let passwordHash: string;
let opened: Array<{ app: FastifyInstance; stores: Stores }> = [];

beforeAll(async () => {
  redis = await startRedis();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  for (const { app, stores } of opened) {
    await app.close();
    await stores.close();
  }
  opened = [];
});

/**
 * Two console instances on one Redis, each with its own connection, as behind a load balancer: an
 * officer's requests may reach either.
 */
async function twoInstances(env: Record<string, string> = {}): Promise<[FastifyInstance, FastifyInstance, Stores]> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'data', REDIS_URL: redis.url, REDIS_PREFIX: `c${Date.now()}${Math.random().toString(36).slice(2, 6)}:`, ...env });
  const start = async () => {
    const stores = await openStores(config, logger);
    const app = Fastify({ logger: false });
    await app.register(hardeningPlugin, { corsOrigins: [] });
    await app.register(websocket);
    await app.register(officerConsole, { desk: new TestDesk(), accounts: stores.accounts, sessions: stores.sessions, rateLimitStore: stores.rateLimit, config });
    await app.ready();
    opened.push({ app, stores });
    return { app, stores };
  };
  const a = await start();
  const b = await start();
  await a.stores.accounts.upsert({ username: 'budi', role: 'officer', passwordHash, failedLogins: 0, lockedUntil: 0 });
  return [a.app, b.app, a.stores];
}

describe('officer console on two instances sharing Redis', () => {
  it('a session started on one instance works on the other, and a logout there ends it everywhere', async () => {
    const [a, b] = await twoInstances();
    const budi = await login(a, 'budi');
    const onB = await b.inject({ method: 'GET', url: '/console/api/me', cookies: { layani_console: budi.cookie } });
    expect(onB.statusCode).toBe(200);
    expect(onB.json()).toMatchObject({ username: 'budi', csrfToken: budi.csrf });
    const logout = await b.inject({ method: 'POST', url: '/console/api/logout', cookies: { layani_console: budi.cookie }, headers: { 'x-csrf-token': budi.csrf }, payload: {} });
    expect(logout.statusCode).toBe(200);
    expect((await budi.request('GET', '/console/api/me')).statusCode).toBe(401);
  });

  it('failed logins on both instances add up to one lockout', async () => {
    const [a, b, stores] = await twoInstances({ CONSOLE_LOGIN_RATE_LIMIT: '1000' });
    const guesses = [a, b, a, b].map((app, i) => attemptLogin(app, 'budi', `tebakan-salah-${i}`));
    expect((await Promise.all(guesses)).map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    expect((await stores.accounts.get('budi'))?.failedLogins).toBe(4);
    expect((await attemptLogin(b, 'budi', 'tebakan-salah-5')).statusCode).toBe(401);
    expect((await stores.accounts.get('budi'))?.lockedUntil).toBeGreaterThan(Date.now());
    expect((await attemptLogin(a, 'budi', PASSWORD)).statusCode).toBe(401);
  });

  it('the login rate limit counts requests to both instances together', async () => {
    const [a, b] = await twoInstances({ CONSOLE_LOGIN_RATE_LIMIT: '3' });
    for (const app of [a, b, a]) expect((await attemptLogin(app, 'tidakada', 'salah-kata-sandi')).statusCode).toBe(401);
    const limited = await attemptLogin(b, 'budi', PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
  });
});
