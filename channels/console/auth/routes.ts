import type { FastifyInstance } from 'fastify';
import { schemas } from '../api/schemas.js';
import { ConsoleError } from '../api/errors.js';
import { SESSION_COOKIE, type ConsoleGuard } from './guard.js';
import type { Authenticator } from './login.js';
import { randomToken, type Sessions } from './sessions.js';

export interface AuthRoutesOptions {
  guard: ConsoleGuard;
  sessions: Sessions;
  authenticator: Authenticator;
  /** Login attempts per minute from one address. */
  loginRateLimit: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** Called on logout so open WebSockets of the session close at once. */
  onLogout: (sessionId: string) => void;
}

/** GET/POST /login, POST /logout, GET /me. */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const { guard, sessions, authenticator } = options;
  // One message for every failure, so it does not tell whether the username exists or is locked.
  const refused = `Nama pengguna atau kata sandi salah. Setelah ${options.lockoutAttempts} kali gagal, akun dikunci ${options.lockoutMinutes} menit.`;

  // The login form's CSRF token (double submit: the same value in an httpOnly cookie).
  app.get('/login', { schema: schemas.loginForm }, async (request, reply) => {
    const csrfToken = randomToken();
    guard.setLoginCookie(request, reply, csrfToken);
    return { csrfToken };
  });

  app.post<{ Body: { username: string; password: string } }>(
    '/login',
    {
      schema: schemas.login,
      onRequest: guard.checkLoginCsrf,
      config: {
        rateLimit: {
          max: options.loginRateLimit,
          timeWindow: 60_000,
          keyGenerator: (request) => `console-login:${request.ip}`,
          errorResponseBuilder: (_request, context) => ({
            statusCode: 429,
            error: 'rate_limited',
            message: `Terlalu banyak percobaan masuk. Coba lagi dalam ${Math.ceil(context.ttl / 1000)} detik.`,
          }),
        },
      },
    },
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      const account = await authenticator.login(username, request.body.password);
      if (!account) {
        request.log.warn({ username: username.slice(0, 32) }, 'officer console: login refused');
        throw new ConsoleError(401, 'login_failed', refused);
      }
      // A fresh session id at every login: a session fixed before login is worth nothing.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await sessions.end(previous);
      const { id, session } = await sessions.start(account.username, account.passwordHash);
      guard.setSessionCookie(request, reply, id);
      request.log.info({ officer: account.username }, 'officer console: signed in');
      return { username: account.username, role: account.role, csrfToken: session.csrfToken };
    },
  );

  app.post('/logout', { schema: schemas.logout, onRequest: [guard.authenticate, guard.checkCsrf] }, async (request, reply) => {
    const { sessionId } = guard.officer(request);
    await sessions.end(sessionId);
    options.onLogout(sessionId);
    guard.clearCookies(request, reply);
    return { ok: true };
  });

  app.get('/me', { schema: schemas.me, onRequest: guard.authenticate }, async (request) => {
    const { username, role, session } = guard.officer(request);
    return { username, role, csrfToken: session.csrfToken };
  });
}
