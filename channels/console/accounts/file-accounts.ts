import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { OFFICER_ROLES, type LockoutPolicy, type OfficerAccount, type OfficerAccounts } from './accounts.js';

const AccountSchema = z.object({
  username: z.string(),
  role: z.enum(OFFICER_ROLES as [OfficerAccount['role'], ...OfficerAccount['role'][]]),
  passwordHash: z.string(),
  failedLogins: z.number().int().min(0).default(0),
  lockedUntil: z.number().min(0).default(0),
});
const FileSchema = z.object({ version: z.literal(1), officers: z.array(AccountSchema) });

/**
 * Officer accounts in one JSON file (OFFICER_ACCOUNTS_FILE), so accounts made with `npm run officer`
 * survive restarts without Redis. Every change re-reads the file and replaces it atomically (temporary
 * file, fsync, rename), so a crash never leaves half a file and the CLI and a running server see each
 * other's changes. Changes from this process are serialised; two processes writing in the same
 * millisecond could still lose one change, which is acceptable for a handful of officers.
 */
export class FileOfficerAccounts implements OfficerAccounts {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(username: string): Promise<OfficerAccount | undefined> {
    return (await this.read()).find((a) => a.username === username);
  }

  async list(): Promise<OfficerAccount[]> {
    return (await this.read()).sort((a, b) => a.username.localeCompare(b.username));
  }

  upsert(account: OfficerAccount): Promise<void> {
    return this.change((accounts) => replace(accounts, account));
  }

  async remove(username: string): Promise<boolean> {
    let found = false;
    await this.change((accounts) => {
      found = accounts.some((a) => a.username === username);
      return accounts.filter((a) => a.username !== username);
    });
    return found;
  }

  async recordFailedLogin(username: string, now: number, policy: LockoutPolicy): Promise<void> {
    await this.change((accounts) => {
      const account = accounts.find((a) => a.username === username);
      if (!account || account.lockedUntil > now) return undefined;
      const failures = account.failedLogins + 1;
      const locked = failures >= policy.maxFailures;
      return replace(accounts, { ...account, failedLogins: locked ? 0 : failures, lockedUntil: locked ? now + policy.lockMs : 0 });
    });
  }

  async recordSuccessfulLogin(username: string, now: number): Promise<boolean> {
    let allowed = false;
    await this.change((accounts) => {
      const account = accounts.find((a) => a.username === username);
      allowed = account !== undefined && account.lockedUntil <= now;
      if (!account || !allowed || (account.failedLogins === 0 && account.lockedUntil === 0)) return undefined;
      return replace(accounts, { ...account, failedLogins: 0, lockedUntil: 0 });
    });
    return allowed;
  }

  /** Applies `update` to the current file; `undefined` from it means nothing to write. */
  private change(update: (accounts: OfficerAccount[]) => OfficerAccount[] | undefined): Promise<void> {
    const next = this.chain.then(async () => {
      const updated = update(await this.read());
      if (updated) await this.write(updated);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<OfficerAccount[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const parsed = FileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file}: not an officer accounts file (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data.officers;
  }

  private async write(accounts: OfficerAccount[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify({ version: 1, officers: accounts }, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.file);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }
}

function replace(accounts: OfficerAccount[], account: OfficerAccount): OfficerAccount[] {
  return [...accounts.filter((a) => a.username !== account.username), { ...account }];
}
