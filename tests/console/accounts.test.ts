import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isValidUsername, passwordProblem, type OfficerAccount } from '../../channels/console/accounts/accounts.js';
import { FileOfficerAccounts } from '../../channels/console/accounts/file-accounts.js';
import { hashPassword, verifyPassword } from '../../channels/console/accounts/password.js';
import { firstLine } from '../../channels/console/accounts/read-password.js';
import { loadCannedReplies } from '../../channels/console/canned-replies.js';

const dir = mkdtempSync(join(tmpdir(), 'layani-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const account = (username: string, role: OfficerAccount['role'] = 'officer'): OfficerAccount => ({ username, role, passwordHash: 'scrypt$x', failedLogins: 0, lockedUntil: 0 });

describe('passwords', () => {
  it('hash with a random salt and verify', async () => {
    const a = await hashPassword('kata-sandi-rahasia');
    const b = await hashPassword('kata-sandi-rahasia');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('kata-sandi-rahasia', a)).toBe(true);
    expect(await verifyPassword('kata-sandi-rahasiA', a)).toBe(false);
    expect(await verifyPassword('kata-sandi-rahasia', 'not-a-hash')).toBe(false);
  });

  it('need 10 characters at least', () => {
    expect(passwordProblem('123456789')).toMatch(/minimal 10/);
    expect(passwordProblem('1234567890')).toBeUndefined();
    expect(passwordProblem(' 1234567890')).toMatch(/spasi/);
  });

  it('come from the first line of piped input', () => {
    expect(firstLine('rahasia-sekali\nberikutnya')).toBe('rahasia-sekali');
    expect(firstLine('rahasia-sekali\r\n')).toBe('rahasia-sekali');
  });
});

describe('usernames', () => {
  it('are lower-case words of 3–32 characters', () => {
    for (const ok of ['budi', 'siti.rahma', 'petugas_01', 'a-b']) expect(isValidUsername(ok), ok).toBe(true);
    for (const bad of ['Budi', 'bu', '1budi', 'budi santoso', '<script>', 'a'.repeat(33), '']) expect(isValidUsername(bad), bad).toBe(false);
  });
});

describe('FileOfficerAccounts', () => {
  it('keeps accounts across instances (restarts) and creates the folder', async () => {
    const file = join(dir, 'a', 'b', 'officers.json');
    await new FileOfficerAccounts(file).upsert(account('budi'));
    const reopened = new FileOfficerAccounts(file);
    expect(await reopened.get('budi')).toEqual(account('budi'));
    await reopened.upsert({ ...account('budi'), role: 'supervisor' });
    expect((await new FileOfficerAccounts(file).list()).map((a) => [a.username, a.role])).toEqual([['budi', 'supervisor']]);
    expect(await reopened.remove('budi')).toBe(true);
    expect(await reopened.remove('budi')).toBe(false);
  });

  it('loses no change when many are made at once, and leaves no temporary files', async () => {
    const file = join(dir, 'many', 'officers.json');
    const accounts = new FileOfficerAccounts(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => accounts.upsert(account(`petugas${i}`))));
    expect(await accounts.list()).toHaveLength(20);
    expect(readdirSync(join(dir, 'many'))).toEqual(['officers.json']);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
  });

  it('answers empty without a file, and refuses a file that is not an accounts file', async () => {
    expect(await new FileOfficerAccounts(join(dir, 'none.json')).list()).toEqual([]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ officers: [{ username: 'x' }] }));
    await expect(new FileOfficerAccounts(bad).get('x')).rejects.toThrow(/bad\.json: not an officer accounts file/);
  });
});

describe('canned replies', () => {
  it('load from data/console and address the citizen politely as Anda', () => {
    const replies = loadCannedReplies('data');
    expect(replies.length).toBeGreaterThanOrEqual(10);
    expect(new Set(replies.map((r) => r.title)).size).toBe(replies.length);
    expect(replies.filter((r) => /\bAnda\b/.test(r.text)).length).toBeGreaterThanOrEqual(8);
    for (const reply of replies) expect(reply.text).not.toMatch(/\b(kamu|lu|lo)\b/i);
  });
});
