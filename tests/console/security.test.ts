import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, conversationUrl, cookieValue, login, startConsole, type ConsoleServer, type Officer } from './support/server.js';

const KEY = 'webchat/conv-1';

/** Every officer route, with a body that passes validation. */
const ROUTES: Array<{ method: 'GET' | 'POST'; url: string; body?: unknown }> = [
  { method: 'GET', url: '/console/api/me' },
  { method: 'GET', url: '/console/api/queue' },
  { method: 'GET', url: conversationUrl(KEY) },
  { method: 'POST', url: conversationUrl(KEY, 'claim'), body: {} },
  { method: 'POST', url: conversationUrl(KEY, 'reply'), body: { text: 'Selamat siang' } },
  { method: 'POST', url: conversationUrl(KEY, 'note'), body: { text: 'catatan' } },
  { method: 'POST', url: conversationUrl(KEY, 'transfer'), body: { to: 'rina' } },
  { method: 'POST', url: conversationUrl(KEY, 'hand-back'), body: {} },
  { method: 'POST', url: conversationUrl(KEY, 'close'), body: {} },
  { method: 'POST', url: conversationUrl(KEY, 'typing'), body: {} },
  { method: 'GET', url: '/console/api/tickets' },
  { method: 'POST', url: '/console/api/tickets/LYN-1/answer', body: { text: 'Jawaban' } },
  { method: 'GET', url: '/console/api/load' },
  { method: 'GET', url: '/console/api/officers' },
  { method: 'GET', url: '/console/api/canned-replies' },
  { method: 'POST', url: '/console/api/logout', body: {} },
];
const POSTS = ROUTES.filter((r) => r.method === 'POST');

let server: ConsoleServer;
let budi: Officer;

beforeAll(async () => {
  // Behind a TLS-terminating proxy, as deployed: X-Forwarded-Proto tells whether the page came over https.
  server = await startConsole({ env: { CONSOLE_LOGIN_RATE_LIMIT: '1000', TRUST_PROXY: 'true' } });
  budi = await login(server.app, 'budi');
});
afterAll(() => server?.close());

describe('officer routes', () => {
  it('refuse anonymous requests with 401', async () => {
    for (const route of ROUTES) {
      const response = await server.app.inject({ method: route.method, url: route.url, ...(route.body ? { payload: route.body as object } : {}) });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json()).toEqual({ error: 'unauthorized', message: 'Silakan masuk terlebih dahulu.' });
    }
  });

  it('refuse a made-up session cookie', async () => {
    const response = await server.app.inject({ url: '/console/api/queue', cookies: { layani_console: 'forged-session-id' } });
    expect(response.statusCode).toBe(401);
  });

  it('refuse the supervisor view to an officer (403) and give it to a supervisor', async () => {
    const refused = await budi.request('GET', '/console/api/load');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBe('forbidden');
    const siti = await login(server.app, 'siti');
    const load = await siti.request('GET', '/console/api/load');
    expect(load.statusCode).toBe(200);
    expect(load.json().officers.map((o: { username: string }) => o.username).sort()).toEqual(['budi', 'rina', 'siti']);
  });

  it('refuse every state-changing request without the CSRF token (403)', async () => {
    for (const route of POSTS) {
      const response = await server.app.inject({ method: 'POST', url: route.url, cookies: { layani_console: budi.cookie }, payload: route.body as object });
      expect(response.statusCode, route.url).toBe(403);
      expect(response.json().error).toBe('csrf');
    }
  });

  it('refuse a wrong CSRF token, and the right one from another site', async () => {
    const wrong = await budi.request('POST', conversationUrl(KEY, 'claim'), {}, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
    const crossSite = await budi.request('POST', conversationUrl(KEY, 'claim'), {}, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    // Another officer's token does not fit this session either.
    const rina = await login(server.app, 'rina');
    const swapped = await budi.request('POST', conversationUrl(KEY, 'claim'), {}, { 'x-csrf-token': rina.csrf });
    expect(swapped.statusCode).toBe(403);
  });

  it('accept the token from our own page', async () => {
    server.desk.enqueue(KEY, { citizenName: 'Ani' });
    const claimed = await budi.request('POST', conversationUrl(KEY, 'claim'), {}, { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json().record).toMatchObject({ owner: 'officer', officer: 'budi' });
  });
});

describe('login', () => {
  it('needs the login form token (double submit)', async () => {
    const bare = await server.app.inject({ method: 'POST', url: '/console/api/login', payload: { username: 'budi', password: 'kata-sandi-uji-123' } });
    expect(bare.statusCode).toBe(403);
    const form = await server.app.inject({ url: '/console/api/login' });
    const mismatched = await server.app.inject({
      method: 'POST',
      url: '/console/api/login',
      cookies: { layani_console_login: cookieValue(form, 'layani_console_login')! },
      headers: { 'x-csrf-token': 'not-the-cookie-value' },
      payload: { username: 'budi', password: 'kata-sandi-uji-123' },
    });
    expect(mismatched.statusCode).toBe(403);
  });

  it('sets an httpOnly, SameSite=Strict session cookie, Secure behind https', async () => {
    const plain = await attemptLogin(server.app, 'rina', 'kata-sandi-uji-123');
    const cookie = plain.cookies.find((c) => c.name === 'layani_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);

    const form = await server.app.inject({ url: '/console/api/login', headers: { 'x-forwarded-proto': 'https' } });
    const secure = await server.app.inject({
      method: 'POST',
      url: '/console/api/login',
      headers: { 'x-forwarded-proto': 'https', 'x-csrf-token': form.json().csrfToken },
      cookies: { layani_console_login: cookieValue(form, 'layani_console_login')! },
      payload: { username: 'rina', password: 'kata-sandi-uji-123' },
    });
    expect(secure.cookies.find((c) => c.name === 'layani_console')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
  });

  it('marks the cookie Secure whatever the protocol when CONSOLE_COOKIE_SECURE=true', async () => {
    const forced = await startConsole({ env: { CONSOLE_COOKIE_SECURE: 'true' } });
    try {
      const response = await attemptLogin(forced.app, 'budi', 'kata-sandi-uji-123');
      expect(response.cookies.find((c) => c.name === 'layani_console')).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await forced.close();
    }
  });

  it('gives a fresh session id at every login and ends it at logout', async () => {
    const first = await login(server.app, 'rina');
    const second = await login(server.app, 'rina');
    expect(second.cookie).not.toBe(first.cookie);
    expect((await second.request('GET', '/console/api/me')).json()).toMatchObject({ username: 'rina', role: 'officer' });
    expect((await second.request('POST', '/console/api/logout')).statusCode).toBe(200);
    expect((await second.request('GET', '/console/api/me')).statusCode).toBe(401);
    // The other session is untouched.
    expect((await first.request('GET', '/console/api/me')).statusCode).toBe(200);
  });

  it('says the same thing for an unknown username and a wrong password', async () => {
    const unknown = await attemptLogin(server.app, 'tidakada', 'salah-sekali-123');
    const wrong = await attemptLogin(server.app, 'rina', 'salah-sekali-123');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.cookies.find((c) => c.name === 'layani_console')).toBeUndefined();
  });

  it('ends sessions of a removed account or a changed password at once', async () => {
    const rina = await login(server.app, 'rina');
    const account = (await server.accounts.get('rina'))!;
    await server.accounts.upsert({ ...account, passwordHash: `${account.passwordHash}x` });
    expect((await rina.request('GET', '/console/api/me')).statusCode).toBe(401);
    await server.accounts.upsert(account);
    const again = await login(server.app, 'rina');
    await server.accounts.remove('rina');
    expect((await again.request('GET', '/console/api/queue')).statusCode).toBe(401);
    await server.accounts.upsert(account);
  });
});

describe('the console page', () => {
  it('is served with a strict CSP and no inline script', async () => {
    const page = await server.app.inject({ url: '/console' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
    for (const asset of ['/console/console.js', '/console/console.css']) expect((await server.app.inject({ url: asset })).statusCode).toBe(200);
  });

  it('never puts text into the page as HTML', async () => {
    const js = (await server.app.inject({ url: '/console/console.js' })).body;
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});
