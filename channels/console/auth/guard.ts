import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { OfficerAccounts, OfficerRole } from '../accounts/accounts.js';
import { ConsoleError } from '../api/errors.js';
import { credentialOf, type OfficerSession, type Sessions } from './sessions.js';

export const SESSION_COOKIE = 'layani_console';
export const LOGIN_COOKIE = 'layani_console_login';
export const CSRF_HEADER = 'x-csrf-token';
const COOKIE_PATH = '/console';

export interface SignedInOfficer {
  username: string;
  role: OfficerRole;
  sessionId: string;
  session: OfficerSession;
}

export type CookieSecurity = 'auto' | 'true' | 'false';

/**
 * Who is asking, and may they: the session cookie (httpOnly, SameSite=Strict, Secure over https),
 * the CSRF token bound to the session, the Origin of browser requests, and the officer's role. Every
 * console route goes through these hooks, so no route can forget a check.
 */
export class ConsoleGuard {
  private readonly signedIn = new WeakMap<FastifyRequest, SignedInOfficer>();

  constructor(
    private readonly sessions: Sessions,
    private readonly accounts: OfficerAccounts,
    private readonly cookieSecurity: CookieSecurity,
  ) {}

  /** The officer a request was authenticated as (only inside routes behind `authenticate`). */
  officer(request: FastifyRequest): SignedInOfficer {
    const officer = this.signedIn.get(request);
    if (!officer) throw new Error('route is missing the authenticate hook');
    return officer;
  }

  /** 401 unless the session cookie names a live session of an existing account. */
  readonly authenticate = async (request: FastifyRequest): Promise<void> => {
    const sessionId = request.cookies[SESSION_COOKIE];
    const officer = sessionId ? await this.signedInAs(sessionId, true) : undefined;
    if (!officer) throw new ConsoleError(401, 'unauthorized', 'Silakan masuk terlebih dahulu.');
    this.signedIn.set(request, officer);
  };

  /** Whether the session is still good, without renewing it (for open WebSockets). */
  async stillSignedIn(sessionId: string): Promise<boolean> {
    return (await this.signedInAs(sessionId, false)) !== undefined;
  }

  private async signedInAs(sessionId: string, renew: boolean): Promise<SignedInOfficer | undefined> {
    const session = renew ? await this.sessions.resume(sessionId) : await this.sessions.peek(sessionId);
    if (!session) return undefined;
    // The account is read every time: a removed account, a new password or a changed role takes
    // effect at once.
    const account = await this.accounts.get(session.username);
    if (!account || credentialOf(account.passwordHash) !== session.credential) {
      await this.sessions.end(sessionId);
      return undefined;
    }
    return { username: account.username, role: account.role, sessionId, session };
  }

  readonly requireSupervisor = async (request: FastifyRequest): Promise<void> => {
    if (this.officer(request).role !== 'supervisor') throw new ConsoleError(403, 'forbidden', 'Hanya supervisor yang dapat melakukan ini.');
  };

  /** State-changing requests must come from our own page: same Origin and the session's CSRF token. */
  readonly checkCsrf = async (request: FastifyRequest): Promise<void> => {
    this.checkOrigin(request);
    const { session } = this.officer(request);
    if (!sameSecret(request.headers[CSRF_HEADER], session.csrfToken)) throw csrfRefused();
  };

  /** Login has no session yet: the token is the one handed out with the login form (double submit). */
  readonly checkLoginCsrf = async (request: FastifyRequest): Promise<void> => {
    this.checkOrigin(request);
    const expected = request.cookies[LOGIN_COOKIE];
    if (!expected || !sameSecret(request.headers[CSRF_HEADER], expected)) throw csrfRefused();
  };

  /** Browsers send Origin on cross-site requests and WebSocket upgrades; it must be this server. */
  checkOrigin(request: FastifyRequest, { required = false } = {}): void {
    const origin = request.headers.origin;
    if (origin === undefined && !required) return;
    if (!origin || !sameHost(origin, request.host)) throw new ConsoleError(403, 'forbidden', 'Permintaan dari situs lain ditolak.');
  }

  setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
    void reply.setCookie(SESSION_COOKIE, id, { ...this.cookieOptions(request), httpOnly: true });
  }

  setLoginCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
    void reply.setCookie(LOGIN_COOKIE, token, { ...this.cookieOptions(request), httpOnly: true, maxAge: 3600 });
  }

  clearCookies(request: FastifyRequest, reply: FastifyReply): void {
    for (const name of [SESSION_COOKIE, LOGIN_COOKIE]) void reply.clearCookie(name, this.cookieOptions(request));
  }

  private cookieOptions(request: FastifyRequest) {
    const secure = this.cookieSecurity === 'auto' ? request.protocol === 'https' : this.cookieSecurity === 'true';
    return { path: COOKIE_PATH, sameSite: 'strict' as const, secure };
  }
}

function csrfRefused(): ConsoleError {
  return new ConsoleError(403, 'csrf', 'Token keamanan tidak cocok. Muat ulang halaman lalu coba lagi.');
}

/** Host and port of the Origin against the Host header, default ports read with the Origin's scheme. */
function sameHost(origin: string, host: string): boolean {
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
