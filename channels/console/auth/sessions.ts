import { createHash, randomBytes } from 'node:crypto';

export interface OfficerSession {
  username: string;
  /** Fingerprint of the password hash at login: a password change ends older sessions. */
  credential: string;
  /** Sent back by the page in `x-csrf-token` on every state-changing request. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Server-side session storage. Keys are hashes of the cookie value, so whoever reads the store (a
 * Redis dump, a log) cannot take over a session. In memory by default; Redis can implement the same.
 */
export interface SessionStore {
  get(key: string): Promise<OfficerSession | undefined>;
  set(key: string, session: OfficerSession): Promise<void>;
  delete(key: string): Promise<void>;
  deleteForUser(username: string): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, OfficerSession>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<OfficerSession | undefined> {
    const session = this.sessions.get(key);
    if (session && session.expiresAt <= this.now()) this.sessions.delete(key);
    return this.sessions.get(key);
  }

  async set(key: string, session: OfficerSession): Promise<void> {
    this.sweep();
    this.sessions.set(key, { ...session });
  }

  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
  }

  async deleteForUser(username: string): Promise<void> {
    for (const [key, session] of this.sessions) if (session.username === username) this.sessions.delete(key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions with a sliding expiry: each authenticated request pushes the end `ttlMs` further. */
export class Sessions {
  constructor(
    private readonly store: SessionStore,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async start(username: string, passwordHash: string): Promise<{ id: string; session: OfficerSession }> {
    const id = randomToken();
    const at = this.now();
    const session: OfficerSession = { username, credential: credentialOf(passwordHash), csrfToken: randomToken(), createdAt: at, expiresAt: at + this.ttlMs };
    await this.store.set(storeKey(id), session);
    return { id, session };
  }

  /** The live session for a cookie value, with its expiry renewed; undefined when unknown or expired. */
  async resume(id: string): Promise<OfficerSession | undefined> {
    const key = storeKey(id);
    const session = await this.store.get(key);
    const now = this.now();
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      await this.store.delete(key);
      return undefined;
    }
    // Renew at most once a minute, so a busy page does not write on every request.
    if (session.expiresAt - now < this.ttlMs - 60_000) {
      session.expiresAt = now + this.ttlMs;
      await this.store.set(key, session);
    }
    return session;
  }

  /** The session without renewing it (for the WebSocket's periodic check). */
  async peek(id: string): Promise<OfficerSession | undefined> {
    const session = await this.store.get(storeKey(id));
    return session && session.expiresAt > this.now() ? session : undefined;
  }

  async end(id: string): Promise<void> {
    await this.store.delete(storeKey(id));
  }

  async endAllFor(username: string): Promise<void> {
    await this.store.deleteForUser(username);
  }
}

function storeKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export function credentialOf(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 22);
}
