import Fastify from 'fastify';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayaniMetrics } from '../../bot/ops/metrics.js';
import { opsPlugin } from '../../bot/ops/plugin.js';
import { auth, newConversation, startServer, waitFor, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

describe('operations endpoints', () => {
  it('/healthz answers and /readyz checks the web chat store', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { app: true, 'webchat-store': true } });
  });

  it('/readyz is 503 when a check fails or the server is shutting down', async () => {
    let up = false;
    const app = Fastify();
    await app.register(opsPlugin, { ready: () => up, metrics: new LayaniMetrics({ defaultMetrics: false }) });
    expect((await app.inject('/readyz')).statusCode).toBe(503);
    up = true;
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    app.addReadinessCheck('store', () => Promise.reject(new Error('down')));
    const failing = await app.inject('/readyz');
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toEqual({ status: 'not ready', checks: { app: true, store: false } });
    await app.close();
  });

  it('/metrics counts messages in and out, intents, turn latency and open conversations', async () => {
    const { conversationId, token, streamUrl } = await newConversation(server.url);
    const socket = new WebSocket(streamUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    const posted = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'halo' }),
    });
    expect(posted.status).toBe(200);
    await waitFor(() => server.finishedTurns.length > 0 || process.env.WEBCHAT_TEST_BOT === 'real', 5000, 'the turn');
    // The lead's bot reports each turn through `onTurn`; here we report one as it would.
    server.app.metrics.recordTurn({ channelId: 'webchat', intent: 'greeting', latencyMs: 12 });

    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/layani_messages_total\{channel="webchat",direction="in"\} [1-9]/);
    expect(text).toMatch(/layani_messages_total\{channel="webchat",direction="out"\} [1-9]/);
    expect(text).toMatch(/layani_intents_total\{intent="greeting"\} 1/);
    expect(text).toMatch(/layani_turn_duration_seconds_bucket\{le="0.025",channel="webchat"\} 1/);
    expect(text).toMatch(/layani_open_conversations\{channel="webchat"\} 1/);
    expect(text).toMatch(/layani_process_cpu_seconds_total/);
    socket.close();
  });
});
