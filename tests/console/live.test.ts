import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startConsole, type ConsoleServer, type Officer } from './support/server.js';

let server: ConsoleServer;
let budi: Officer;

beforeAll(async () => {
  server = await startConsole({ listen: true, liveCheckMs: 200, env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
  budi = await login(server.app, 'budi');
});
afterAll(() => server?.close());

const wsUrl = () => `${server.url.replace('http', 'ws')}/console/ws`;

/** Opens a socket; resolves with it once open, or with the refusal's HTTP status. */
function connect(headers: Record<string, string>): Promise<{ socket: WebSocket; messages: unknown[] } | { status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(), { headers });
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.on('open', () => resolve({ socket, messages }));
    socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
    socket.on('error', reject);
  });
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('GET /console/ws', () => {
  it('refuses a connection without a session (401) and from another site (403)', async () => {
    expect(await connect({ origin: server.url })).toEqual({ status: 401 });
    expect(await connect({ origin: 'https://evil.example', cookie: `layani_console=${budi.cookie}` })).toEqual({ status: 403 });
    expect(await connect({ cookie: `layani_console=${budi.cookie}` })).toEqual({ status: 403 });
  });

  it('pushes desk events live, without the citizen’s channel address', async () => {
    const opened = await connect({ origin: server.url, cookie: `layani_console=${budi.cookie}` });
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
    await until(() => (opened.messages.length > 0 ? true : undefined), 'hello');
    expect(opened.messages[0]).toMatchObject({ hello: true, now: expect.any(Number) });

    server.desk.enqueue('webchat/live-1', { citizenName: 'Dewi', intent: 'human_handoff' });
    server.desk.citizenSays('webchat/live-1', 'halo <b>petugas</b>');
    server.desk.citizenTyping('webchat/live-1');
    const events = await until(() => (opened.messages.length >= 4 ? opened.messages.slice(1) : undefined), 'events');
    expect(events).toEqual([
      { now: expect.any(Number), event: { type: 'conversation', record: expect.objectContaining({ key: 'webchat/live-1', owner: 'queued', citizenName: 'Dewi' }) } },
      { now: expect.any(Number), event: { type: 'message', key: 'webchat/live-1', entry: expect.objectContaining({ author: 'citizen', text: 'halo <b>petugas</b>' }) } },
      { now: expect.any(Number), event: { type: 'typing', key: 'webchat/live-1', author: 'citizen' } },
    ]);
    expect(JSON.stringify(events)).not.toContain('secret-address');
    opened.socket.close();
    await until(() => (server.desk.listenerCount === 0 ? true : undefined), 'unsubscribe');
  });

  it('closes with 4401 at logout and when the session expires', async () => {
    const rina = await login(server.app, 'rina');
    const opened = await connect({ origin: server.url, cookie: `layani_console=${rina.cookie}` });
    if (!('socket' in opened)) throw new Error('refused');
    const closed = new Promise<number>((resolve) => opened.socket.on('close', (code) => resolve(code)));
    await rina.request('POST', '/console/api/logout');
    expect(await closed).toBe(4401);

    // A removed account: the periodic check closes the socket.
    const again = await login(server.app, 'rina');
    const second = await connect({ origin: server.url, cookie: `layani_console=${again.cookie}` });
    if (!('socket' in second)) throw new Error('refused');
    const closedToo = new Promise<number>((resolve) => second.socket.on('close', (code) => resolve(code)));
    const account = (await server.accounts.get('rina'))!;
    await server.accounts.remove('rina');
    expect(await closedToo).toBe(4401);
    await server.accounts.upsert(account);
  });
});
