import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wwebjs from 'whatsapp-web.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../bot/config.js';
import { buildServer } from '../../bot/server.js';
import { WebConnection } from '../../channels/whatsapp/web/connection.js';
import { whatsappWebChannel } from '../../channels/whatsapp/web/plugin.js';
import { createRecordingHost, silent, silentLog, type RecordingHost } from './support/bot-host.js';

const QR = '2@Yb3Tq0m1kX9sH6fZ,I2hVxQ8u0S3dL7pW,AbCdEfGhIjKlMnOpQrStUvWx==,1234567890abcdef==';
const TOKEN = 'operator-qr-token-0123456789';

/** A real client that is never initialised: starting and stopping it are stubbed at the library boundary. */
function lifecycleClient() {
  const client = new wwebjs.Client({});
  const initialize = vi.spyOn(client, 'initialize').mockResolvedValue(undefined);
  const destroy = vi.spyOn(client, 'destroy').mockResolvedValue(undefined);
  return { client, initialize, destroy };
}

describe('the linked-phone connection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints each QR code and reconnects after a disconnect with growing waits', async () => {
    vi.useFakeTimers();
    const { client, initialize, destroy } = lifecycleClient();
    const printed: string[] = [];
    const connection = new WebConnection(client, { logger: silentLog, printQr: (qr) => printed.push(qr), initialDelayMs: 1000, maxDelayMs: 4000 });

    connection.start();
    expect(initialize).toHaveBeenCalledTimes(1);
    client.emit('qr', QR);
    expect(printed).toEqual([QR]);
    expect(connection.status).toEqual({ state: 'qr', qr: QR });
    client.emit('ready');
    expect(connection.status.state).toBe('ready');

    client.emit('disconnected', 'NAVIGATION');
    await vi.advanceTimersByTimeAsync(0);
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(connection.status).toMatchObject({ state: 'disconnected', reason: 'NAVIGATION', retryInMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(initialize).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(initialize).toHaveBeenCalledTimes(2);

    // Failing to start again waits longer each time, up to the maximum.
    initialize.mockRejectedValue(new Error('Failed to launch the browser process'));
    client.emit('disconnected', 'CONFLICT');
    await vi.advanceTimersByTimeAsync(2000);
    expect(initialize).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(initialize).toHaveBeenCalledTimes(4);
    expect(connection.status).toMatchObject({ state: 'disconnected', retryInMs: 4000 });

    // Once connected again, the next disconnect starts from the first wait.
    initialize.mockResolvedValue(undefined);
    await vi.advanceTimersByTimeAsync(4000);
    client.emit('ready');
    client.emit('disconnected', 'LOGOUT');
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status).toMatchObject({ retryInMs: 1000 });

    await connection.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(initialize).toHaveBeenCalledTimes(5);
  });
});

describe('the operator QR page and the start hook', () => {
  let host: RecordingHost;
  let sessionDir: string;
  beforeAll(async () => {
    ({ host } = await createRecordingHost());
    sessionDir = mkdtempSync(join(tmpdir(), 'layani-wa-'));
  });
  afterAll(() => rmSync(sessionDir, { recursive: true, force: true }));

  it('is registered by buildServer in web mode and refuses anonymous requests', async () => {
    const config = loadConfig({ DATA_DIR: 'data', WHATSAPP_MODE: 'web', WHATSAPP_QR_TOKEN: TOKEN, WHATSAPP_SESSION_DIR: sessionDir });
    const app = await buildServer({ config, logger: silent, host });
    try {
      const res = await app.inject({ method: 'GET', url: '/whatsapp/qr' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    } finally {
      await app.close();
    }
  });

  it('shows the current QR code to the operator, and links once the server listens', async () => {
    const config = loadConfig({ DATA_DIR: 'data', WHATSAPP_QR_TOKEN: TOKEN, WHATSAPP_SESSION_DIR: sessionDir });
    const app = await buildServer({ config, logger: silent, host });
    const { client, initialize, destroy } = lifecycleClient();
    await app.register(whatsappWebChannel, { config, host, client, printQr: () => undefined });
    const get = (authorization?: string) => app.inject({ method: 'GET', url: '/whatsapp/qr', headers: authorization ? { authorization } : {} });
    const basic = `Basic ${Buffer.from(`operator:${TOKEN}`).toString('base64')}`;
    try {
      expect((await get(`Bearer ${TOKEN}x`)).statusCode).toBe(401);
      expect((await get(`Basic ${Buffer.from('operator:wrong').toString('base64')}`)).statusCode).toBe(401);

      const waiting = await get(`Bearer ${TOKEN}`);
      expect(waiting.statusCode).toBe(200);
      expect(waiting.headers['cache-control']).toBe('no-store');
      expect(waiting.body).toContain('data-state="starting"');
      expect(waiting.body).not.toContain('<svg');

      client.emit('qr', QR);
      const qr = await get(basic);
      expect(qr.statusCode).toBe(200);
      expect(qr.body).toContain('<svg');
      expect(qr.body).toContain('data-state="qr"');

      client.emit('ready');
      expect((await get(basic)).body).toContain('data-state="ready"');

      expect(initialize).not.toHaveBeenCalled();
      await app.listen({ port: 0, host: '127.0.0.1' });
      expect(initialize).toHaveBeenCalledTimes(1);
    } finally {
      await app.close();
    }
    expect(destroy).toHaveBeenCalled();
  });
});
