import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity } from 'botbuilder-core';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLayani, type Layani } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { openStores } from '../../bot/stores.js';
import { message } from '../support/bot.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const logger = pino({ level: 'silent' });
// Monday 30 November 2026, 09:00 WIB: the queue is open.
const OPEN = Date.parse('2026-11-30T02:00:00Z');

let redis: TestRedis | undefined;
let layani: Layani | undefined;

afterEach(async () => {
  await layani?.server.close();
  await layani?.stores.close();
  await redis?.stop();
  layani = undefined;
  redis = undefined;
});

async function start(env: Record<string, string>): Promise<{ layani: Layani; url: string; sent: Partial<Activity>[] }> {
  const config = loadConfig({ DATA_DIR: 'data', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const app = await createLayani(config, logger);
  const sent: Partial<Activity>[] = [];
  app.host.registerOutlet('test', {
    async deliver(_reference, activities) {
      sent.push(...activities);
      return activities.map(() => ({ id: randomUUID() }));
    },
  });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as AddressInfo;
  return { layani: app, url: `http://127.0.0.1:${port}`, sent };
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('Redis with AOF', () => {
  it('keeps queue, tickets and transcripts across a Redis restart', async () => {
    redis = await startRedis({ appendOnly: true });
    const prefix = `aof${Date.now()}:`;
    const started = await start({ REDIS_URL: redis.url, REDIS_PREFIX: prefix });
    layani = started.layani;
    const waiting = `c-${randomUUID()}`;
    await layani.bot.run(message(waiting, 'syarat paspor apa?'));
    // Queue and tickets need the clock: queue someone (if open) and open a ticket directly.
    await layani.stores.handoff.saveConversation({
      key: `test/${waiting}`,
      channelId: 'test',
      reference: { channelId: 'test', conversation: { id: waiting } as never },
      owner: 'queued',
      queuedAt: OPEN,
      lastCitizenAt: OPEN,
    });
    const ticket = await layani.stores.handoff.createTicket(`test/${waiting}`, 'Mohon dibantu KK saya.', OPEN);

    await redis.restart();
    const stores = await openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix }), logger);
    try {
      expect((await stores.handoff.listConversations(['queued'])).map((r) => r.key)).toEqual([`test/${waiting}`]);
      expect(await stores.handoff.getTicket(ticket.number)).toMatchObject({ message: 'Mohon dibantu KK saya.', status: 'open' });
      const transcript = await stores.handoff.readTranscript(`test/${waiting}`);
      expect(transcript.map((e) => e.author)).toEqual(['citizen', 'bot']);
      expect(transcript[0]).toMatchObject({ text: 'syarat paspor apa?', intent: 'ask_requirements', service: 'paspor' });
    } finally {
      await stores.close();
    }
  });
});

describe('Redis outage', () => {
  it('turns readiness false, answers "sedang ada gangguan", and recovers by itself', async () => {
    redis = await startRedis({ appendOnly: true });
    const started = await start({ REDIS_URL: redis.url, REDIS_PREFIX: `out${Date.now()}:` });
    layani = started.layani;
    const { url, sent } = started;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const token = (await (await fetch(`${url}/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(201);

    await redis.stop();
    const ready = await until(() => fetch(`${url}/readyz`).then((r) => r.status), (s) => s === 503);
    expect(ready).toBe(503);

    // Web chat: the post is refused with a clear, retryable answer.
    const post = await fetch(`${url}/v3/directline/conversations/${token.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'syarat ktp' }),
    });
    expect(post.status).toBe(503);
    expect(await post.json()).toMatchObject({ error: { code: 'ServiceUnavailable', message: 'Sedang ada gangguan, silakan coba lagi' } });

    // A channel that does not need Redis to reach the citizen (WhatsApp, say): the bot says so.
    const conversation = `c-${randomUUID()}`;
    await layani.bot.run(message(conversation, 'biaya sim berapa?'));
    const answer = sent.filter((a) => a.conversation?.id === conversation).map((a) => a.text);
    expect(answer).toEqual(['Maaf, sedang ada gangguan pada sistem kami.\nSilakan coba lagi beberapa saat lagi.']);

    await redis.restart();
    expect(await until(() => fetch(`${url}/readyz`).then((r) => r.status), (s) => s === 200)).toBe(200);
    const after = await fetch(`${url}/v3/directline/conversations/${token.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'syarat ktp' }),
    });
    expect([after.status, await after.text()]).toEqual([200, expect.stringContaining(token.conversationId)]);
    await layani.bot.run(message(conversation, 'biaya sim berapa?'));
    expect(sent.filter((a) => a.conversation?.id === conversation).at(-1)?.text).toMatch(/^Biaya SIM/);
  });
});
