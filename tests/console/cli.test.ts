import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileOfficerAccounts } from '../../channels/console/accounts/file-accounts.js';
import { verifyPassword } from '../../channels/console/accounts/password.js';
import { runOfficerCli, type CliResult } from '../support/officers.js';

const dir = mkdtempSync(join(tmpdir(), 'layani-officer-cli-'));
const file = join(dir, 'nested', 'officers.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The officer CLI with `input` piped to standard input, against this test's accounts file. */
function officer(args: string[], input: string, viaNpm = false): Promise<CliResult> {
  return runOfficerCli(args, input, { OFFICER_ACCOUNTS_FILE: file, npm_config_loglevel: 'error' }, viaNpm);
}

describe('npm run officer', { timeout: 90_000 }, () => {
  it('adds an account with the password from standard input', async () => {
    const result = await officer(['add', 'budi', '--role', 'officer'], 'kata-sandi-budi-2026\n', true);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Akun budi (officer) dibuat');
    const account = await new FileOfficerAccounts(file).get('budi');
    expect(account).toMatchObject({ username: 'budi', role: 'officer', failedLogins: 0, lockedUntil: 0 });
    expect(account!.passwordHash).toMatch(/^scrypt\$/);
    expect(account!.passwordHash).not.toContain('kata-sandi-budi-2026');
    expect(await verifyPassword('kata-sandi-budi-2026', account!.passwordHash)).toBe(true);
    // Only the owner may read the file.
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('adds a supervisor, lists, changes a password, removes', async () => {
    expect((await officer(['add', 'siti', '--role', 'supervisor'], 'kata-sandi-siti-2026')).code).toBe(0);
    const list = await officer(['list'], '');
    expect(list.stdout).toMatch(/^budi\tofficer\nsiti\tsupervisor\n$/);
    expect((await officer(['passwd', 'siti'], 'kata-sandi-baru-2026\n')).code).toBe(0);
    expect(await verifyPassword('kata-sandi-baru-2026', (await new FileOfficerAccounts(file).get('siti'))!.passwordHash)).toBe(true);
    expect((await officer(['remove', 'siti'], '')).code).toBe(0);
    expect(await new FileOfficerAccounts(file).get('siti')).toBeUndefined();
  });

  it('refuses a short password, a taken or invalid username, and a missing role', async () => {
    const short = await officer(['add', 'ani', '--role', 'officer'], 'pendek\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('minimal 10 karakter');
    const taken = await officer(['add', 'budi', '--role', 'officer'], 'kata-sandi-lain-2026\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('sudah ada');
    expect((await officer(['add', 'Budi Santoso', '--role', 'officer'], 'kata-sandi-lain-2026\n')).code).toBe(2);
    expect((await officer(['add', 'ani'], 'kata-sandi-lain-2026\n')).code).toBe(2);
    expect((await officer(['hapus', 'ani'], '')).code).toBe(2);
    expect((await new FileOfficerAccounts(file).list()).map((a) => a.username)).toEqual(['budi']);
  });
});
