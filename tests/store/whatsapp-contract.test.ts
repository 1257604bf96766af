import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClient } from 'redis';
import wwebjs from 'whatsapp-web.js';
import { loadConfig } from '../../bot/config.js';
import { openStores, type Stores } from '../../bot/stores.js';
import { authStrategy, createWebClient } from '../../channels/whatsapp/web/client.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const logger = pino({ level: 'silent' });
const HOUR = 60 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'layani-wa-contract-'));

/** WhatsApp's small state: the same behaviour in memory and in Redis. */
function contract(name: string, open: () => Promise<Stores>) {
  describe(`${name}: WhatsApp stores`, () => {
    let stores: Stores;
    beforeAll(async () => {
      stores = await open();
    });
    afterAll(async () => {
      await stores?.close();
    });

    it('remember the choices offered per conversation and forget them on an empty list', async () => {
      const { choices } = stores.whatsapp;
      expect(await choices.offered('wa:628111')).toEqual([]);
      await choices.remember('wa:628111', [{ title: 'Paspor', value: 'paspor' }, { title: 'SIM', value: 'sim' }]);
      await choices.remember('wa:628222', [{ title: 'KTP-el', value: 'ktp-el' }]);
      expect(await choices.offered('wa:628111')).toEqual([{ title: 'Paspor', value: 'paspor' }, { title: 'SIM', value: 'sim' }]);
      await choices.remember('wa:628111', [{ title: 'SKCK', value: 'skck' }]);
      expect(await choices.offered('wa:628111')).toEqual([{ title: 'SKCK', value: 'skck' }]);
      await choices.remember('wa:628111', []);
      expect(await choices.offered('wa:628111')).toEqual([]);
      expect(await choices.offered('wa:628222')).toHaveLength(1);
    });

    it('see a message id once within its time, again after it', async () => {
      const { dedup } = stores.whatsapp;
      expect(await dedup.firstSeen('wamid.A', HOUR)).toBe(true);
      expect(await dedup.firstSeen('wamid.A', HOUR)).toBe(false);
      expect(await dedup.firstSeen('wamid.B', HOUR)).toBe(true);
      expect(await dedup.firstSeen('wamid.short', 100)).toBe(true);
      await sleep(250);
      expect(await dedup.firstSeen('wamid.short', 100)).toBe(true);
    });

    it('let exactly one of many simultaneous deliveries through', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => stores.whatsapp.dedup.firstSeen('wamid.race', HOUR)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keep the furthest delivery status, with its time and errors', async () => {
      const { statuses } = stores.whatsapp;
      const at = new Date('2026-11-23T02:00:00Z');
      const status = (s: string) => ({ messageId: 'wamid.S', recipient: '628111', status: s, timestamp: at });
      expect(await statuses.latest('wamid.S')).toBeUndefined();
      await statuses.record(status('delivered'));
      await statuses.record(status('sent'));
      expect(await statuses.latest('wamid.S')).toEqual(status('delivered'));
      await statuses.record(status('read'));
      await statuses.record(status('delivered'));
      const latest = await statuses.latest('wamid.S');
      expect(latest?.status).toBe('read');
      expect(latest?.timestamp).toBeInstanceOf(Date);
      expect(latest?.timestamp.getTime()).toBe(at.getTime());
      await statuses.record({ ...status('failed'), errors: [{ code: 131026, title: 'Message undeliverable' }] });
      expect((await statuses.latest('wamid.S'))?.errors).toEqual([{ code: 131026, title: 'Message undeliverable' }]);
    });

    it('move the last inbound time forward only', async () => {
      const { lastInbound } = stores.whatsapp;
      const at = Date.UTC(2026, 10, 23, 2, 0, 0);
      expect(await lastInbound.get('wa:628111')).toBeUndefined();
      await lastInbound.touch('wa:628111', at);
      await lastInbound.touch('wa:628111', at - 30 * HOUR);
      expect(await lastInbound.get('wa:628111')).toBe(at);
      await lastInbound.touch('wa:628111', at + HOUR);
      expect(await lastInbound.get('wa:628111')).toBe(at + HOUR);
      await Promise.all([5, 3, 9, 1].map((h) => lastInbound.touch('wa:628333', at + h * HOUR)));
      expect(await lastInbound.get('wa:628333')).toBe(at + 9 * HOUR);
    });
  });
}

let redis: TestRedis;
let prefix: string;
beforeAll(async () => {
  redis = await startRedis();
  prefix = `wa${Date.now()}:`;
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

contract('in-memory', () => openStores(loadConfig({ NODE_ENV: 'test' }), logger));
contract('Redis', () => openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix, RETENTION_DAYS: '10' }), logger));

describe('WhatsApp state in Redis', () => {
  it('expires: choices after a day, statuses after a week, last inbound times within the retention period', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const day = 24 * HOUR;
      const near = (ttl: number, expected: number) => expect(Math.abs(ttl - expected)).toBeLessThan(60_000);
      near(await client.pTTL(`${prefix}wa:choices:wa:628222`), day);
      near(await client.pTTL(`${prefix}wa:status:wamid.S`), 7 * day);
      near(await client.pTTL(`${prefix}wa:last-inbound:wa:628111`), 10 * day); // RETENTION_DAYS=10 < 30 days
      near(await client.pTTL(`${prefix}wa:seen:wamid.A`), HOUR);
    } finally {
      await client.close();
    }
  });
});

describe('whatsapp-web.js session in Redis (RemoteAuth)', () => {
  // RemoteAuth's steps around the browser, driven without one: the library's own code zips the
  // profile, hands it to our store, and restores it elsewhere.
  type Steps = { setup(client: unknown): void; beforeBrowserInitialized(): Promise<void>; storeRemoteSession(): Promise<void>; logout(): Promise<void> };
  const fakeClient = () => ({ options: { puppeteer: {} }, emit: () => true });
  const remoteAuth = (sessionDir: string, store: wwebjs.Store): Steps => {
    const strategy = authStrategy({ sessionDir, chromiumPath: '/usr/bin/chromium', remoteAuthStore: store }) as unknown as Steps;
    strategy.setup(fakeClient());
    return strategy;
  };

  it('saves the linked session from one instance and restores it on another, byte for byte; logout deletes it', async () => {
    const stores = await openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix, WHATSAPP_SESSION_DIR: join(dir, 'a') }), logger);
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const store = stores.remoteAuth!;
      const first = remoteAuth(join(dir, 'a'), store);
      await first.beforeBrowserInitialized();
      const profile = join(dir, 'a', 'RemoteAuth', 'Default', 'Local Storage', 'leveldb');
      mkdirSync(profile, { recursive: true });
      const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
      writeFileSync(join(profile, '000003.log'), bytes);
      await first.storeRemoteSession();
      expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(true);
      const ttl = await client.ttl(`${prefix}wa:remote-auth:RemoteAuth`);
      expect(ttl).toBeGreaterThan(0);

      // Another instance, another disk: the session comes from Redis.
      const other = await openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix, WHATSAPP_SESSION_DIR: join(dir, 'b') }), logger);
      try {
        const second = remoteAuth(join(dir, 'b'), other.remoteAuth!);
        await second.beforeBrowserInitialized();
        expect(readFileSync(join(dir, 'b', 'RemoteAuth', 'Default', 'Local Storage', 'leveldb', '000003.log')).equals(bytes)).toBe(true);
        await second.logout();
        expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(false);
      } finally {
        await other.close();
      }
    } finally {
      await client.close();
      await stores.close();
    }
  });

  it('is what the web mode uses with Redis; LocalAuth on disk without', async () => {
    const stores = await openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix }), logger);
    try {
      const options = { sessionDir: join(dir, 'web'), chromiumPath: '/usr/bin/chromium' };
      const remote = createWebClient({ ...options, remoteAuthStore: stores.remoteAuth! }) as unknown as { authStrategy: unknown };
      const local = createWebClient(options) as unknown as { authStrategy: unknown };
      expect(remote.authStrategy).toBeInstanceOf(wwebjs.RemoteAuth);
      expect(local.authStrategy).toBeInstanceOf(wwebjs.LocalAuth);
    } finally {
      await stores.close();
    }
  });
});
