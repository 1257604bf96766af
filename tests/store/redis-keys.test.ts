import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClient } from 'redis';
import { createLayani, type Layani } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { hashPassword } from '../../channels/console/accounts/password.js';
import { APP_SECRET, BUSINESS, sign, statusUpdate, textMessage } from '../whatsapp/support/cloud-payloads.js';
import { FakeGraph } from '../whatsapp/support/fake-graph.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const PREFIX = 'dinas-x:layani:';
const PASSWORD = 'kata-sandi-petugas-2026';
const WA_ID = '6281233334444';
/** Officer accounts are the only keys kept without expiry: staff, not citizens' data. */
const ACCOUNTS = new RegExp(`^${PREFIX}console:accounts?(:|$)`);

let redis: TestRedis;
let graph: FakeGraph;
let layani: Layani;
let base: string;
let dataDir: string;

beforeAll(async () => {
  redis = await startRedis();
  graph = await new FakeGraph().start();
  // Always open, no holidays, so an officer can take the conversation whenever the test runs.
  dataDir = mkdtempSync(join(tmpdir(), 'layani-keys-'));
  cpSync('data', dataDir, { recursive: true });
  for (const file of readdirSync(join(dataDir, 'holidays'))) {
    if (/^\d{4}\.json$/.test(file)) writeFileSync(join(dataDir, 'holidays', file), JSON.stringify({ days: [] }));
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    RETENTION_DAYS: '5',
    OFFICE_HOURS: 'Mon-Sun 00:00-24:00',
    OFFICER_ACCOUNTS_FILE: join(dataDir, 'officers.json'),
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_VERIFY_TOKEN: 'verify-token',
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_ACCESS_TOKEN: 'EAAtest-access-token',
    WHATSAPP_PHONE_NUMBER_ID: BUSINESS.phoneNumberId,
    WHATSAPP_GRAPH_URL: graph.url,
  });
  layani = await createLayani(config, pino({ level: 'silent' }));
  await layani.server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(layani.server.server.address() as AddressInfo).port}`;
  await layani.stores.accounts.upsert({ username: 'budi', role: 'officer', passwordHash: await hashPassword(PASSWORD), failedLogins: 0, lockedUntil: 0 });
});

afterAll(async () => {
  await layani?.server.close();
  await layani?.stores.close();
  await graph?.close();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function json<T>(response: Promise<Response>): Promise<T> {
  const r = await response;
  expect(r.status, `${r.url}: ${r.status}`).toBeLessThan(300);
  return (await r.json()) as T;
}

/** A web chat citizen over Direct Line (REST, polling with the watermark). */
async function webCitizen() {
  const { token, conversationId } = await json<{ token: string; conversationId: string }>(fetch(`${base}/webchat/token`, { method: 'POST' }));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await json(fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers }));
  const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
  return {
    key: `webchat/${conversationId}`,
    say: (text: string) => json(fetch(url, { method: 'POST', headers, body: JSON.stringify({ type: 'message', from: { id: 'warga' }, text }) })),
    hears: (text: string) =>
      expect
        .poll(async () => (await json<{ activities: { text?: string }[] }>(fetch(url, { headers }))).activities.some((a) => a.text?.includes(text)), { timeout: 10_000 })
        .toBe(true),
  };
}

/** An officer on the console API (cookies, CSRF token). */
async function officer() {
  const cookies = new Map<string, string>();
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/console/api/${path}`, {
      method,
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: base,
        'x-csrf-token': csrf,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [name, ...value] = cookie.split(';')[0]!.split('=');
      cookies.set(name!, value.join('='));
    }
    return response;
  };
  csrf = (await json<{ csrfToken: string }>(call('GET', 'login'))).csrfToken;
  csrf = (await json<{ csrfToken: string }>(call('POST', 'login', { username: 'budi', password: PASSWORD }))).csrfToken;
  return { act: (key: string, action: string, body: object = {}) => json(call('POST', `conversations/${encodeURIComponent(key)}/${action}`, body)) };
}

function postWebhook(payload: object): Promise<Response> {
  const raw = JSON.stringify(payload);
  return fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
}

describe('Redis keys after a day of work', () => {
  it('all start with REDIS_PREFIX and all expire, except officer accounts', async () => {
    // A web chat citizen asks, is handed to an officer, and the officer answers and hands back.
    const citizen = await webCitizen();
    await citizen.say('syarat skck apa?');
    await citizen.hears('Persyaratan SKCK');
    await citizen.say('saya mau bicara dengan petugas');
    await citizen.hears('antrean nomor');
    const budi = await officer();
    await budi.act(citizen.key, 'claim');
    await budi.act(citizen.key, 'reply', { text: 'Halo, saya Budi.' });
    await citizen.hears('Halo, saya Budi.');
    await budi.act(citizen.key, 'hand-back');
    // A request left outside hours becomes a ticket.
    await layani.stores.handoff.createTicket(citizen.key, 'tolong hubungi saya', Date.now());

    // A WhatsApp citizen writes through the Cloud API; Meta redelivers once and reports the reply read.
    const message = textMessage(WA_ID, 'biaya paspor berapa?');
    expect((await postWebhook(message)).status).toBe(200);
    expect((await postWebhook(message)).status).toBe(200);
    await expect.poll(() => graph.sentTo(WA_ID).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await postWebhook(statusUpdate('wamid.OUT1', WA_ID, 'read'))).status).toBe(200);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      await expect.poll(async () => (await client.keys(`${PREFIX}wa:status:*`)).length).toBe(1);
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ COUNT: 1000 })) keys.push(...batch);
      const families = new Set(keys.map((k) => k.slice(PREFIX.length).split(':').slice(0, 2).join(':')));
      // Every kind of state this conversation touched is in Redis.
      for (const family of ['conv:webchat/', 'transcript:webchat/', 'state:webchat/', 'dl:log', 'dl:meta', 'ticket:LYN-', 'console:account', 'console:session', 'wa:seen', 'wa:last-inbound', 'wa:status']) {
        expect([...families].some((f) => f.startsWith(family)), `${family} in ${[...families].join(', ')}`).toBe(true);
      }
      expect(keys.some((k) => k.startsWith(`${PREFIX}ratelimit:`))).toBe(true);

      expect(keys.filter((k) => !k.startsWith(PREFIX))).toEqual([]);
      const retention = 5 * 86400;
      const withoutExpiry: string[] = [];
      for (const key of keys) {
        const ttl = await client.ttl(key);
        if (ACCOUNTS.test(key)) expect(ttl, key).toBe(-1);
        else if (ttl < 0) withoutExpiry.push(key);
        else expect(ttl, key).toBeLessThanOrEqual(retention);
      }
      expect(withoutExpiry).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
