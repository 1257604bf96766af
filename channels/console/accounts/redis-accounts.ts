import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import { isOfficerRole, type LockoutPolicy, type OfficerAccount, type OfficerAccounts } from './accounts.js';
import { LuaScript } from '../../../bot/store/script.js';

// One failed login: counted with HINCRBY, and the lock set in the same step, so that instances
// checking passwords at the same moment cannot lose a failure.
const FAILED = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0') > tonumber(ARGV[1]) then return 0 end
local failures = redis.call('HINCRBY', KEYS[1], 'failedLogins', 1)
if failures >= tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'failedLogins', '0', 'lockedUntil', ARGV[3]) end
return failures`);

const SUCCEEDED = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0') > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'failedLogins', '0', 'lockedUntil', '0')
return 1`);

/**
 * Officer accounts in Redis: a hash per officer and a set of usernames. No expiry: accounts are the
 * agency's staff, not citizens' data, and must outlive any retention period.
 */
export class RedisOfficerAccounts implements OfficerAccounts {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(username: string): Promise<OfficerAccount | undefined> {
    return toAccount(await this.redis.hGetAll(this.accountKey(username)));
  }

  async upsert(account: OfficerAccount): Promise<void> {
    const key = this.accountKey(account.username);
    await this.redis
      .multi()
      .del(key)
      .hSet(key, {
        username: account.username,
        role: account.role,
        passwordHash: account.passwordHash,
        failedLogins: String(account.failedLogins),
        lockedUntil: String(account.lockedUntil),
      })
      .sAdd(this.indexKey(), account.username)
      .exec();
  }

  async list(): Promise<OfficerAccount[]> {
    const usernames = (await this.redis.sMembers(this.indexKey())).sort();
    const accounts = await Promise.all(usernames.map((u) => this.get(u)));
    return accounts.filter((a): a is OfficerAccount => a !== undefined);
  }

  async remove(username: string): Promise<boolean> {
    const [deleted] = await this.redis.multi().del(this.accountKey(username)).sRem(this.indexKey(), username).exec();
    return Number(deleted) === 1;
  }

  async recordFailedLogin(username: string, now: number, policy: LockoutPolicy): Promise<void> {
    await FAILED.run(this.redis, {
      keys: [this.accountKey(username)],
      arguments: [String(now), String(policy.maxFailures), String(now + policy.lockMs)],
    });
  }

  async recordSuccessfulLogin(username: string, now: number): Promise<boolean> {
    return (await SUCCEEDED.run(this.redis, { keys: [this.accountKey(username)], arguments: [String(now)] })) === 1;
  }

  private accountKey(username: string): string {
    return this.keys.key('console', 'account', username);
  }

  private indexKey(): string {
    return this.keys.key('console', 'accounts');
  }
}

function toAccount(fields: Record<string, string>): OfficerAccount | undefined {
  const { username, role, passwordHash, failedLogins, lockedUntil } = fields;
  if (!username || !passwordHash || !role || !isOfficerRole(role)) return undefined;
  return { username, role, passwordHash, failedLogins: Number(failedLogins ?? 0), lockedUntil: Number(lockedUntil ?? 0) };
}
