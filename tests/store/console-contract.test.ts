import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createClient } from 'redis';
import { loadConfig } from '../../bot/config.js';
import { openStores, type Stores } from '../../bot/stores.js';
import type { OfficerAccount } from '../../channels/console/accounts/accounts.js';
import { verifyPassword } from '../../channels/console/accounts/password.js';
import type { OfficerSession } from '../../channels/console/auth/sessions.js';
import { runOfficerCli } from '../support/officers.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const logger = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'layani-console-contract-'));
const MINUTE = 60_000;
const lockout = { maxFailures: 5, lockMs: 15 * MINUTE };

const account = (username: string, role: OfficerAccount['role'] = 'officer'): OfficerAccount => ({
  username,
  role,
  passwordHash: `scrypt$${username}`,
  failedLogins: 0,
  lockedUntil: 0,
});

function session(username: string, lifetimeMs: number): OfficerSession {
  const now = Date.now();
  return { username, credential: 'c', csrfToken: `csrf-${username}`, createdAt: now, expiresAt: now + lifetimeMs };
}

/** Officer sessions and accounts: the same behaviour in memory (file) and in Redis. */
function contract(name: string, open: () => Promise<Stores>) {
  describe(`${name}: officer console stores`, () => {
    let stores: Stores;
    beforeAll(async () => {
      stores = await open();
    });
    afterAll(async () => {
      await stores?.close();
    });

    it('keep a session until its end, replace it on renewal and delete it', async () => {
      const { sessions } = stores;
      expect(await sessions.get('nope')).toBeUndefined();
      await sessions.set('s1', session('budi', 60 * MINUTE));
      expect(await sessions.get('s1')).toMatchObject({ username: 'budi', csrfToken: 'csrf-budi' });
      const renewed = { ...session('budi', 120 * MINUTE), csrfToken: 'csrf-renewed' };
      await sessions.set('s1', renewed);
      expect(await sessions.get('s1')).toEqual(renewed);
      await sessions.delete('s1');
      expect(await sessions.get('s1')).toBeUndefined();
      await sessions.delete('s1');
    });

    it('forget a session once it has ended', async () => {
      await stores.sessions.set('short', session('rina', 150));
      expect(await stores.sessions.get('short')).toBeDefined();
      await sleep(300);
      expect(await stores.sessions.get('short')).toBeUndefined();
    });

    it("end all of one officer's sessions, and only theirs", async () => {
      const { sessions } = stores;
      await sessions.set('a1', session('ani', 60 * MINUTE));
      await sessions.set('a2', session('ani', 60 * MINUTE));
      await sessions.set('b1', session('bayu', 60 * MINUTE));
      await sessions.deleteForUser('ani');
      expect(await sessions.get('a1')).toBeUndefined();
      expect(await sessions.get('a2')).toBeUndefined();
      expect(await sessions.get('b1')).toMatchObject({ username: 'bayu' });
      await sessions.deleteForUser('nobody');
    });

    it('keep accounts: create, replace, list in order, remove', async () => {
      const { accounts } = stores;
      await accounts.upsert(account('siti', 'supervisor'));
      await accounts.upsert(account('budi'));
      expect(await accounts.get('siti')).toEqual(account('siti', 'supervisor'));
      expect(await accounts.get('tidakada')).toBeUndefined();
      await accounts.upsert({ ...account('budi'), role: 'supervisor', passwordHash: 'scrypt$baru' });
      expect(await accounts.get('budi')).toEqual({ ...account('budi'), role: 'supervisor', passwordHash: 'scrypt$baru' });
      expect((await accounts.list()).map((a) => a.username)).toEqual(['budi', 'siti']);
      expect(await accounts.remove('budi')).toBe(true);
      expect(await accounts.remove('budi')).toBe(false);
      expect((await accounts.list()).map((a) => a.username)).toEqual(['siti']);
    });

    it('count failed logins, lock at the limit, refuse while locked, and unlock after', async () => {
      const { accounts } = stores;
      const now = Date.UTC(2026, 10, 23, 2, 0, 0);
      await accounts.upsert(account('dewi'));
      for (let i = 0; i < 4; i++) await accounts.recordFailedLogin('dewi', now, lockout);
      expect(await accounts.get('dewi')).toMatchObject({ failedLogins: 4, lockedUntil: 0 });
      await accounts.recordFailedLogin('dewi', now, lockout);
      expect(await accounts.get('dewi')).toMatchObject({ failedLogins: 0, lockedUntil: now + 15 * MINUTE });
      // While locked nothing is counted, and even the right password is refused.
      await accounts.recordFailedLogin('dewi', now + MINUTE, lockout);
      expect(await accounts.get('dewi')).toMatchObject({ failedLogins: 0, lockedUntil: now + 15 * MINUTE });
      expect(await accounts.recordSuccessfulLogin('dewi', now + 14 * MINUTE)).toBe(false);
      expect(await accounts.recordSuccessfulLogin('dewi', now + 15 * MINUTE)).toBe(true);
      expect(await accounts.get('dewi')).toMatchObject({ failedLogins: 0, lockedUntil: 0 });
      // A success resets the count of consecutive failures.
      await accounts.recordFailedLogin('dewi', now, lockout);
      expect(await accounts.recordSuccessfulLogin('dewi', now)).toBe(true);
      expect((await accounts.get('dewi'))?.failedLogins).toBe(0);
      await accounts.recordFailedLogin('tidakada', now, lockout);
      expect(await accounts.get('tidakada')).toBeUndefined();
      expect(await accounts.recordSuccessfulLogin('tidakada', now)).toBe(false);
    });

    it('lose no failure when many are recorded at once', async () => {
      const { accounts } = stores;
      const now = Date.now();
      await accounts.upsert(account('eko'));
      await Promise.all(Array.from({ length: 4 }, () => accounts.recordFailedLogin('eko', now, lockout)));
      expect((await accounts.get('eko'))?.failedLogins).toBe(4);
      await Promise.all(Array.from({ length: 6 }, () => accounts.recordFailedLogin('eko', now, lockout)));
      expect((await accounts.get('eko'))?.lockedUntil).toBe(now + lockout.lockMs);
    });
  });
}

let redis: TestRedis;
let prefix: string;
beforeAll(async () => {
  redis = await startRedis();
  prefix = `console${Date.now()}:`;
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

contract('without Redis (memory, accounts file)', () => openStores(loadConfig({ NODE_ENV: 'test', OFFICER_ACCOUNTS_FILE: join(dir, 'officers.json') }), logger));
contract('Redis', () => openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix }), logger));

describe('officer console stores in Redis', () => {
  it('keep sessions and accounts under the prefix: sessions expire, accounts do not', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const stores = await openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: prefix }), logger);
      await stores.sessions.set('ttl', session('fajar', 30 * MINUTE));
      await stores.close();
      const ttl = await client.pTTL(`${prefix}console:session:ttl`);
      expect(ttl).toBeGreaterThan(29 * MINUTE);
      expect(ttl).toBeLessThanOrEqual(30 * MINUTE);
      expect(await client.pTTL(`${prefix}console:officer-sessions:fajar`)).toBeGreaterThan(29 * MINUTE);
      expect(await client.pTTL(`${prefix}console:account:siti`)).toBe(-1);
      expect(await client.pTTL(`${prefix}console:accounts`)).toBe(-1);
    } finally {
      await client.close();
    }
  });
});

/** `npm run officer` with REDIS_URL set: the accounts go where every instance reads them. */
const officer = (args: string[], input: string, env: NodeJS.ProcessEnv) => runOfficerCli(args, input, env);

describe('the officer CLI with REDIS_URL', { timeout: 60_000 }, () => {
  it('writes accounts to Redis, not to the file, and the server side reads them', async () => {
    const file = join(dir, 'cli', 'officers.json');
    const cliPrefix = `cli${Date.now()}:`;
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: cliPrefix, OFFICER_ACCOUNTS_FILE: file };
    const added = await officer(['add', 'budi', '--role', 'supervisor'], 'kata-sandi-budi-2026\n', env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Akun budi (supervisor) dibuat di Redis');
    expect(existsSync(file)).toBe(false);

    const stores = await openStores(loadConfig({ NODE_ENV: 'test', ...env }), logger);
    try {
      const stored = await stores.accounts.get('budi');
      expect(stored).toMatchObject({ username: 'budi', role: 'supervisor', failedLogins: 0, lockedUntil: 0 });
      expect(await verifyPassword('kata-sandi-budi-2026', stored!.passwordHash)).toBe(true);
      expect((await officer(['list'], '', env)).stdout).toBe('budi\tsupervisor\n');
      expect((await officer(['remove', 'budi'], '', env)).code).toBe(0);
      expect(await stores.accounts.get('budi')).toBeUndefined();
    } finally {
      await stores.close();
    }
  });
});
