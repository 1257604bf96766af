export type OfficerRole = 'officer' | 'supervisor';

export const OFFICER_ROLES: readonly OfficerRole[] = ['officer', 'supervisor'];

export interface OfficerAccount {
  username: string;
  role: OfficerRole;
  /** `scrypt$…` (see password.ts); never the password itself. */
  passwordHash: string;
  /** Consecutive failed logins since the last success or lock. */
  failedLogins: number;
  /** Epoch ms until which logins are refused; 0 when not locked. */
  lockedUntil: number;
}

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  /** How long a locked account refuses every login, even with the right password. */
  lockMs: number;
}

/** Where officer accounts live: a JSON file without Redis, a hash per officer in Redis. */
export interface OfficerAccounts {
  get(username: string): Promise<OfficerAccount | undefined>;
  /** Creates or replaces the account with this username. */
  upsert(account: OfficerAccount): Promise<void>;
  list(): Promise<OfficerAccount[]>;
  /** Returns false when there was no such account. */
  remove(username: string): Promise<boolean>;
  /**
   * Counts one failed login in a single atomic step (instances check passwords in parallel); the
   * `maxFailures`-th in a row locks the account for `lockMs` and restarts the count. Does nothing
   * while the account is locked or when it does not exist.
   */
  recordFailedLogin(username: string, now: number, policy: LockoutPolicy): Promise<void>;
  /** Clears the failure count after a right password; false when the account is (meanwhile) locked or gone. */
  recordSuccessfulLogin(username: string, now: number): Promise<boolean>;
}

/** Lower-case letters, digits, dot, dash, underscore; 3–32 characters, starting with a letter. */
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,31}$';
const usernameRegex = new RegExp(USERNAME_PATTERN);

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function isValidUsername(username: string): boolean {
  return usernameRegex.test(username);
}

export function isOfficerRole(value: string): value is OfficerRole {
  return (OFFICER_ROLES as readonly string[]).includes(value);
}

/** Why a password is refused, in Indonesian, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Kata sandi maksimal ${MAX_PASSWORD_LENGTH} karakter.`;
  if (password.trim() !== password) return 'Kata sandi tidak boleh diawali atau diakhiri spasi.';
  return undefined;
}
