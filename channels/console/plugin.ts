import cookie from '@fastify/cookie';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { OfficerDesk } from '../../bot/handoff/api.js';
import type { Config } from '../../bot/config.js';
import type { OfficerAccounts } from './accounts/accounts.js';
import { consoleErrorHandler } from './api/errors.js';
import { deskRoutes } from './api/routes.js';
import { ConsoleGuard } from './auth/guard.js';
import { Authenticator } from './auth/login.js';
import { authRoutes } from './auth/routes.js';
import { MemorySessionStore, Sessions, type SessionStore } from './auth/sessions.js';
import { loadCannedReplies } from './canned-replies.js';
import { LiveHub, liveRoutes } from './live/socket.js';
import { pageRoutes } from './page/routes.js';

type ConsoleConfig = Pick<
  Config,
  | 'DATA_DIR'
  | 'CONSOLE_SESSION_TTL_MINUTES'
  | 'CONSOLE_LOCKOUT_ATTEMPTS'
  | 'CONSOLE_LOCKOUT_MINUTES'
  | 'CONSOLE_LOGIN_RATE_LIMIT'
  | 'CONSOLE_COOKIE_SECURE'
>;

export interface OfficerConsoleOptions {
  /** The handoff as officers see it (HandoffService). */
  desk: OfficerDesk;
  /** Officer accounts (FileOfficerAccounts on OFFICER_ACCOUNTS_FILE by default in the server). */
  accounts: OfficerAccounts;
  config: ConsoleConfig;
  /** Session storage; in memory when omitted (sessions then end with the process). */
  sessions?: SessionStore;
  /** Where the login rate limit counts (shared by instances in Redis); in memory when omitted. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
  /** The clock, for tests of expiry and lockout. */
  now?: () => number;
  /** How often open WebSockets re-check their session. */
  liveCheckMs?: number;
}

/**
 * The officer console: the page at /console, its JSON API under /console/api and live desk events on
 * /console/ws. Registered as an encapsulated plugin: its cookies, rate limit and error handler stay
 * inside. Usage: `app.register(officerConsole, { desk, accounts, config })`.
 */
export async function officerConsole(app: FastifyInstance, options: OfficerConsoleOptions): Promise<void> {
  const { desk, accounts, config } = options;
  const now = options.now ?? Date.now;
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false, store: options.rateLimitStore });
  if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.setErrorHandler(consoleErrorHandler);

  const sessions = new Sessions(options.sessions ?? new MemorySessionStore(now), config.CONSOLE_SESSION_TTL_MINUTES * 60_000, now);
  const guard = new ConsoleGuard(sessions, accounts, config.CONSOLE_COOKIE_SECURE);
  const authenticator = new Authenticator(accounts, { maxFailures: config.CONSOLE_LOCKOUT_ATTEMPTS, lockMs: config.CONSOLE_LOCKOUT_MINUTES * 60_000 }, now);
  const hub = new LiveHub();

  await app.register(pageRoutes);
  await app.register(authRoutes, {
    prefix: '/console/api',
    guard,
    sessions,
    authenticator,
    loginRateLimit: config.CONSOLE_LOGIN_RATE_LIMIT,
    lockoutAttempts: config.CONSOLE_LOCKOUT_ATTEMPTS,
    lockoutMinutes: config.CONSOLE_LOCKOUT_MINUTES,
    onLogout: (sessionId) => hub.closeSession(sessionId),
  });
  await app.register(deskRoutes, { prefix: '/console/api', desk, accounts, guard, cannedReplies: loadCannedReplies(config.DATA_DIR), now });
  await app.register(liveRoutes, { desk, guard, hub, now, ...(options.liveCheckMs ? { checkEveryMs: options.liveCheckMs } : {}) });

  app.addHook('preClose', async () => hub.closeAll());
}
