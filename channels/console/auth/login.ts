import { isValidUsername, type OfficerAccount, type OfficerAccounts } from '../accounts/accounts.js';
import { hashPassword, verifyPassword } from '../accounts/password.js';
import { randomToken } from './sessions.js';

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  /** How long a locked account refuses every login, even with the right password. */
  lockMs: number;
}

/**
 * Checks a username and password, counting failures and locking the account after too many. Every
 * attempt runs one scrypt hash — unknown username, locked account or not — so the response time does
 * not tell which usernames exist. Attempts for one username run one after another, so parallel
 * guesses cannot slip past the failure count.
 */
export class Authenticator {
  private readonly decoyHash: Promise<string> = hashPassword(randomToken());
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly accounts: OfficerAccounts,
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** The account when the login succeeds; undefined for any failure (the caller must not say which). */
  login(username: string, password: string): Promise<OfficerAccount | undefined> {
    const previous = this.inFlight.get(username) ?? Promise.resolve();
    const attempt = previous.then(() => this.attempt(username, password));
    const settled = attempt.catch(() => undefined);
    this.inFlight.set(username, settled);
    void settled.then(() => {
      if (this.inFlight.get(username) === settled) this.inFlight.delete(username);
    });
    return attempt;
  }

  private async attempt(username: string, password: string): Promise<OfficerAccount | undefined> {
    const account = isValidUsername(username) ? await this.accounts.get(username) : undefined;
    const matches = await verifyPassword(password, account?.passwordHash ?? (await this.decoyHash));
    if (!account) return undefined;
    const now = this.now();
    if (account.lockedUntil > now) return undefined;
    if (!matches) {
      const failures = account.failedLogins + 1;
      const locked = failures >= this.policy.maxFailures;
      await this.accounts.upsert({ ...account, failedLogins: locked ? 0 : failures, lockedUntil: locked ? now + this.policy.lockMs : 0 });
      return undefined;
    }
    if (account.failedLogins !== 0 || account.lockedUntil !== 0) {
      await this.accounts.upsert({ ...account, failedLogins: 0, lockedUntil: 0 });
    }
    return account;
  }
}
