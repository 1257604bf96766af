import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, SIGNING_KEY, auth, newConversation, realBot, startServer, type TestServer } from './support/server.js';

let server: TestServer;
const ALLOWED_ORIGIN = 'https://layanan.example.go.id';

beforeAll(async () => {
  server = await startServer({ CORS_ORIGINS: ALLOWED_ORIGIN, MAX_MESSAGE_LENGTH: '200' });
});

afterAll(async () => {
  await server.close();
});

const dl = (path: string) => `${server.url}/v3/directline${path}`;

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const response = await fetch(dl(path), { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as { error?: { code: string; message: string } } & Record<string, unknown>) : {} };
}

function signed(claims: Record<string, unknown>, key: string, expiresAt: number) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('layani')
    .setAudience('directline')
    .setIssuedAt(expiresAt - 1800)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(key));
}

const message = (text: string) => JSON.stringify({ type: 'message', from: { id: 'citizen' }, text });

describe('tokens are bound to one conversation', () => {
  it('a token for conversation A gets 403 on conversation B, on every route', async () => {
    const a = await newConversation(server.url);
    const b = await newConversation(server.url);
    for (const [method, path, body] of [
      ['GET', `/conversations/${b.conversationId}`],
      ['GET', `/conversations/${b.conversationId}/activities`],
      ['POST', `/conversations/${b.conversationId}/activities`, message('halo')],
    ] as const) {
      const response = await call(method, path, auth(a.token), body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error).toEqual({ code: 'Forbidden', message: 'This token is not valid for this conversation' });
    }
    await expect(openStream(`/conversations/${b.conversationId}/stream?t=${a.token}`)).rejects.toThrow(/403/);
    // …while its own conversation works.
    expect((await call('GET', `/conversations/${a.conversationId}/activities`, auth(a.token))).status).toBe(200);
  });

  it('an expired token gets 401 TokenExpired with a clear message', async () => {
    const { conversationId } = await newConversation(server.url);
    const expired = await signed({ conv: conversationId }, SIGNING_KEY, Math.floor(Date.now() / 1000) - 60);
    const response = await call('GET', `/conversations/${conversationId}/activities`, auth(expired));
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('TokenExpired');
    expect(response.body.error?.message).toMatch(/expired/);
    expect((await call('POST', '/tokens/refresh', auth(expired))).status).toBe(401);
  });

  it('forged tokens get 401 Unauthorized', async () => {
    const { conversationId, token } = await newConversation(server.url);
    const otherKey = await signed({ conv: conversationId }, 'some-other-key-that-is-long-enough-0000', Math.floor(Date.now() / 1000) + 600);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, conv: 'someone-elses-conversation' })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    for (const forged of [otherKey, tampered, unsigned, 'not-a-token']) {
      const response = await call('GET', `/conversations/${conversationId}/activities`, auth(forged));
      expect(response.status).toBe(401);
      expect(response.body.error).toEqual({ code: 'Unauthorized', message: 'Invalid token or secret' });
    }
    await expect(openStream(`/conversations/${conversationId}/stream?t=${otherKey}`)).rejects.toThrow(/401/);
  });

  it('no credentials get 401; tokens/generate needs the secret', async () => {
    const missing = await call('POST', '/conversations');
    expect(missing.status).toBe(401);
    expect(missing.body.error?.message).toMatch(/Authorization: Bearer/);
    const { token } = await newConversation(server.url);
    expect((await call('POST', '/tokens/generate', auth(token))).status).toBe(403);
    const generated = await call('POST', '/tokens/generate', auth(SECRET), JSON.stringify({ user: { id: 'dl_alice' } }));
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
  });

  it('a refreshed token keeps the conversation and the user', async () => {
    const { conversationId, token, userId } = await newConversation(server.url);
    const refreshed = await call('POST', '/tokens/refresh', auth(token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(conversationId);
    const posted = await call('POST', `/conversations/${conversationId}/activities`, auth(String(refreshed.body.token)), message('halo'));
    expect(posted.status).toBe(200);
    const log = await call('GET', `/conversations/${conversationId}/activities`, auth(String(refreshed.body.token)));
    const mine = (log.body.activities as { id: string; from: { id: string } }[]).find((a) => a.id === posted.body.id);
    // The token's user id wins over the `from.id` the client claimed.
    expect(mine?.from.id).toBe(userId);
  });
});

describe('the stream upgrade is checked as any other request', () => {
  it('an unknown conversation gets 404 (with the security headers), a bad watermark 400, and a plain GET (no upgrade) 404', async () => {
    const unknown = await refusedUpgrade(`${dl('/conversations/unknown-conversation-0000/stream')}?t=${SECRET}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    expect(unknown.headers['x-content-type-options']).toBe('nosniff');
    const { conversationId, token } = await newConversation(server.url);
    expect((await refusedUpgrade(`${dl(`/conversations/${conversationId}/stream`)}?t=${token}&watermark=abc`)).status).toBe(400);
    const plain = await call('GET', `/conversations/${conversationId}/stream?t=${token}`);
    expect(plain.status).toBe(404);
    expect(plain.body.error?.code).toBe('NotFound');
  });

  it('counts against the address limit: 429 with Retry-After', async () => {
    const limited = await startServer({ RATE_LIMIT_PER_ADDRESS: '2' });
    try {
      const { streamUrl } = await newConversation(limited.url);
      const socket = new WebSocket(streamUrl);
      await new Promise((resolve) => socket.once('open', resolve));
      socket.close();
      const refused = await refusedUpgrade(streamUrl);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.error.code).toBe('TooManyRequests');
    } finally {
      await limited.close();
    }
  });
});

describe('malformed and oversized input', () => {
  it('a 1 MB body gets 413', async () => {
    const { conversationId, token } = await newConversation(server.url);
    const response = await call('POST', `/conversations/${conversationId}/activities`, auth(token), message('a'.repeat(1024 * 1024)));
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe('MessageSizeTooBig');
  });

  it('invalid JSON gets 400 BadSyntax', async () => {
    const { conversationId, token } = await newConversation(server.url);
    const response = await call('POST', `/conversations/${conversationId}/activities`, auth(token), '{"type": "message", "text": ');
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'BadSyntax', message: 'Request body is not valid JSON' });
  });

  it('input that breaks the schema gets 400 naming the field', async () => {
    const { conversationId, token } = await newConversation(server.url);
    const cases: [string, RegExp][] = [
      [JSON.stringify({ text: 'no type' }), /body must have required property 'type'/],
      [JSON.stringify({ type: 'message', text: { html: '<b>' } }), /body\/text must be string/],
      [JSON.stringify({ type: 'message', from: 'me' }), /body\/from must be object/],
      [JSON.stringify({ type: 'invoke' }), /body\/type must be equal to one of the allowed values/],
      [JSON.stringify([1, 2]), /body must be object/],
    ];
    for (const [body, expected] of cases) {
      const response = await call('POST', `/conversations/${conversationId}/activities`, auth(token), body);
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('BadArgument');
      expect(response.body.error?.message).toMatch(expected);
    }
    const badWatermark = await call('GET', `/conversations/${conversationId}/activities?watermark=abc`, auth(token));
    expect(badWatermark.status).toBe(400);
    expect(badWatermark.body.error?.message).toMatch(/querystring\/watermark/);
    const badId = await call('GET', `/conversations/${'x'.repeat(3)}/activities`, auth(SECRET));
    expect(badId.status).toBe(400);
  });

  it('a message longer than MAX_MESSAGE_LENGTH is accepted and answered politely', async () => {
    const { conversationId, token } = await newConversation(server.url);
    const posted = await call('POST', `/conversations/${conversationId}/activities`, auth(token), message('panjang '.repeat(60)));
    expect(posted.status).toBe(200);
    const answer = await pollFor(conversationId, token, (a) => a.replyToId === posted.body.id);
    expect(answer.text).toMatch(/terlalu panjang/);
  });
});

describe('rate limits', () => {
  it('limits activities per conversation and public tokens per address, with Retry-After', async () => {
    const limited = await startServer({ RATE_LIMIT_PER_CONVERSATION: '3', RATE_LIMIT_PUBLIC_TOKENS: '4' });
    try {
      const first = await newConversation(limited.url);
      const post = () =>
        fetch(`${limited.url}/v3/directline/conversations/${first.conversationId}/activities`, {
          method: 'POST',
          headers: { ...auth(first.token), 'content-type': 'application/json' },
          body: message('halo'),
        });
      for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
      // Another conversation is not affected.
      const second = await newConversation(limited.url);
      const other = await fetch(`${limited.url}/v3/directline/conversations/${second.conversationId}/activities`, {
        method: 'POST',
        headers: { ...auth(second.token), 'content-type': 'application/json' },
        body: message('halo'),
      });
      expect(other.status).toBe(200);
      // Two tokens used above; two more pass, the fifth is refused.
      const tokens = [];
      for (let i = 0; i < 3; i++) tokens.push((await fetch(`${limited.url}/webchat/token`, { method: 'POST' })).status);
      expect(tokens).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('browser security', () => {
  it('sends security headers and a CSP that allows the widget', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const widget = await fetch(`${server.url}/widget.js`);
    // Any agency website may load the widget.
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('allows CORS only from configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(dl('/conversations'), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-ms-bot-agent' },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/x-ms-bot-agent/);
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

it.skipIf(realBot)('shutting down finishes running turns and closes streams', async () => {
  const own = await startServer({});
  const { conversationId, token, streamUrl } = await newConversation(own.url);
  const socket = new WebSocket(streamUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const posted = await fetch(`${own.url}/v3/directline/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { ...auth(token), 'content-type': 'application/json' },
    body: message('lambat sekali'),
  });
  const { id } = (await posted.json()) as { id: string };
  const started = Date.now();
  await own.close();
  expect(Date.now() - started).toBeGreaterThan(1000);
  expect(own.finishedTurns.some((a) => a.id === id)).toBe(true);
  await closed;
});

async function pollFor(conversationId: string, token: string, match: (a: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const log = await call('GET', `/conversations/${conversationId}/activities`, auth(token));
    const found = (log.body.activities as Record<string, unknown>[]).find((a) => a.type === 'message' && match(a));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no matching activity');
}

/** Tries to open a stream that the server refuses; resolves to the HTTP answer it got instead. */
function refusedUpgrade(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: { error: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'));
    socket.once('open', () => reject(new Error('the stream opened')));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) }));
    });
  });
}

function openStream(path: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/v3/directline${path}`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
