import { isValidUsername, type LockoutPolicy, type OfficerAccount, type OfficerAccounts } from '../accounts/accounts.js';
import { hashPassword, verifyPassword } from '../accounts/password.js';
import { randomToken } from './sessions.js';

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
      await this.accounts.recordFailedLogin(username, now, this.policy);
      return undefined;
    }
    // The store decides, atomically: another instance may have locked the account meanwhile.
    return (await this.accounts.recordSuccessfulLogin(username, now)) ? account : undefined;
  }
}
