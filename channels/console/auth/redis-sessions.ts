import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import type { OfficerSession, SessionStore } from './sessions.js';
import { LuaScript } from '../../../bot/store/script.js';

// The session expires with its own end; the officer's index of sessions lives as long as the last one.
const SET = new LuaScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 1`);

/**
 * Officer sessions in Redis, shared by every instance: a JSON string per session that Redis drops
 * when the session ends, and per officer a set of their sessions (for ending them all at once).
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<OfficerSession | undefined> {
    const raw = await this.redis.get(this.sessionKey(key));
    const session = raw ? (JSON.parse(raw) as OfficerSession) : undefined;
    return session && session.expiresAt > this.now() ? session : undefined;
  }

  async set(key: string, session: OfficerSession): Promise<void> {
    const ttlMs = session.expiresAt - this.now();
    if (ttlMs <= 0) return this.delete(key);
    await SET.run(this.redis, {
      keys: [this.sessionKey(key), this.officerKey(session.username)],
      arguments: [JSON.stringify(session), String(Math.ceil(ttlMs)), key],
    });
  }

  async delete(key: string): Promise<void> {
    const raw = await this.redis.get(this.sessionKey(key));
    const multi = this.redis.multi().del(this.sessionKey(key));
    if (raw) multi.sRem(this.officerKey((JSON.parse(raw) as OfficerSession).username), key);
    await multi.exec();
  }

  async deleteForUser(username: string): Promise<void> {
    const keys = await this.redis.sMembers(this.officerKey(username));
    await this.redis.del([...keys.map((k) => this.sessionKey(k)), this.officerKey(username)]);
  }

  private sessionKey(key: string): string {
    return this.keys.key('console', 'session', key);
  }

  private officerKey(username: string): string {
    return this.keys.key('console', 'officer-sessions', username);
  }
}
