import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../../bot/config.js';
import { hardeningPlugin } from '../../../bot/ops/hardening.js';
import type { OfficerRole } from '../../../channels/console/accounts/accounts.js';
import { FileOfficerAccounts } from '../../../channels/console/accounts/file-accounts.js';
import { hashPassword } from '../../../channels/console/accounts/password.js';
import { officerConsole } from '../../../channels/console/plugin.js';
import { TestDesk } from './desk.js';

export const PASSWORD = 'kata-sandi-uji-123';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public time = Date.UTC(2026, 10, 23, 2, 0, 0)) {}
  readonly now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface ConsoleServer {
  app: FastifyInstance;
  desk: TestDesk;
  accounts: FileOfficerAccounts;
  clock: TestClock | undefined;
  /** http://127.0.0.1:<port>, when started with `listen: true`. */
  url: string;
  close(): Promise<void>;
}

export interface ConsoleServerOptions {
  env?: Record<string, string>;
  /** A hand-moved clock for the console and desk (default: the real one). */
  clock?: TestClock;
  listen?: boolean;
  officers?: Array<[string, OfficerRole]>;
  liveCheckMs?: number;
}

/** The server as bot/server.ts builds it (hardening, WebSocket) with the console on a test desk. */
export async function startConsole(options: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'layani-console-'));
  const config = loadConfig({ DATA_DIR: 'data', LOG_LEVEL: 'silent', OFFICER_ACCOUNTS_FILE: join(dir, 'officers.json'), ...options.env });
  const accounts = new FileOfficerAccounts(config.OFFICER_ACCOUNTS_FILE);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [username, role] of options.officers ?? [['budi', 'officer'], ['siti', 'supervisor'], ['rina', 'officer']]) {
    await accounts.upsert({ username, role, passwordHash, failedLogins: 0, lockedUntil: 0 });
  }
  const now = options.clock?.now;
  const desk = new TestDesk(now);
  const app = Fastify({ logger: false, trustProxy: config.TRUST_PROXY, bodyLimit: 64 * 1024 });
  await app.register(hardeningPlugin, { corsOrigins: [] });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(officerConsole, { desk, accounts, config, ...(now ? { now } : {}), ...(options.liveCheckMs ? { liveCheckMs: options.liveCheckMs } : {}) });
  let url = '';
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  return {
    app,
    desk,
    accounts,
    clock: options.clock,
    url,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Officer {
  cookie: string;
  csrf: string;
  /** A request with this officer's session cookie and CSRF token. */
  request(method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export function cookieValue(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** Fetches the login form's token and logs in; returns the raw responses too. */
export async function attemptLogin(app: FastifyInstance, username: string, password: string): Promise<LightMyRequestResponse> {
  const form = await app.inject({ method: 'GET', url: '/console/api/login' });
  const token = (form.json() as { csrfToken: string }).csrfToken;
  return app.inject({
    method: 'POST',
    url: '/console/api/login',
    cookies: { layani_console_login: cookieValue(form, 'layani_console_login')! },
    headers: { 'x-csrf-token': token },
    payload: { username, password },
  });
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Officer> {
  const response = await attemptLogin(app, username, password);
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  const cookie = cookieValue(response, 'layani_console')!;
  const { csrfToken } = response.json() as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    request: (method, url, body, headers = {}) => {
      const options: InjectOptions = {
        method,
        url,
        cookies: { layani_console: cookie },
        headers: method === 'POST' ? { 'x-csrf-token': csrfToken, ...headers } : headers,
      };
      if (method === 'POST') options.payload = (body ?? {}) as InjectOptions['payload'];
      return app.inject(options);
    },
  };
}

export const conversationUrl = (key: string, action = '') => `/console/api/conversations/${encodeURIComponent(key)}${action ? `/${action}` : ''}`;
