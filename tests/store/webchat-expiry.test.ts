import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type Redis } from '../../bot/store/redis.js';
import { startLayani, type RunningLayani } from '../support/layani.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * An instance remembers started web chat conversations instead of reading their metadata for every
 * message. When the conversation has gone from Redis meanwhile (expired), a message still gets a clear
 * 404, and a new conversation works.
 */
const SECRET = 'expiry-test-secret-0123456789';
const PREFIX = `x${Date.now()}:`;
let server: TestRedis;
let redis: Redis;
let layani: RunningLayani;
let base: string;

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis({ url: server.url, logger: pino({ level: 'silent' }) });
  layani = await startLayani({ REDIS_URL: server.url, REDIS_PREFIX: PREFIX, DIRECTLINE_SECRET: SECRET });
  base = `${layani.url}/v3/directline`;
});

afterAll(async () => {
  await layani?.close();
  await redis?.quit();
  await server?.stop();
});

async function post(path: string, token: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { conversationId?: string; token?: string; id?: string; error?: { code: string } } };
}

const message = (text: string) => ({ type: 'message', text, from: { id: 'warga' } });

describe('a web chat conversation that expired in Redis', () => {
  it('answers 404 NotFound to the next message, and a new conversation works', async () => {
    const started = await post('/conversations', SECRET, {});
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    expect((await post(`/conversations/${conversationId}/activities`, token, message('halo'))).status).toBe(200);
    expect((await post(`/conversations/${conversationId}/activities`, token, message('syarat ktp'))).status).toBe(200);

    // Expiry, as Redis would do it after RETENTION_DAYS without activity.
    const keys = await redis.keys(`${PREFIX}dl:*${conversationId}*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(keys);

    const late = await post(`/conversations/${conversationId}/activities`, token, message('biayanya?'));
    expect(late.status).toBe(404);
    expect(late.body.error?.code).toBe('NotFound');

    const fresh = await post('/conversations', SECRET, {});
    const again = await post(`/conversations/${fresh.body.conversationId}/activities`, fresh.body.token!, message('halo'));
    expect(again.status).toBe(200);
  });
});
