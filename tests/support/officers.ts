import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OFFICER_PASSWORD = 'rahasia-petugas-2026';

/**
 * Adds an officer the way an operator does (`npm run officer -- add`, password on standard input) to a
 * fresh accounts file, or to Redis when `env` carries REDIS_URL. Returns the accounts file.
 */
export function addOfficer(username: string, env: NodeJS.ProcessEnv = {}, role: 'officer' | 'supervisor' = 'officer'): string {
  const accounts = env.OFFICER_ACCOUNTS_FILE ?? join(mkdtempSync(join(tmpdir(), 'layani-officers-')), 'officers.json');
  execFileSync(process.execPath, ['--import', 'tsx', 'bot/cli/officer.ts', 'add', username, '--role', role], {
    input: `${OFFICER_PASSWORD}\n`,
    env: { ...process.env, REDIS_URL: '', ...env, OFFICER_ACCOUNTS_FILE: accounts },
  });
  return accounts;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the officer CLI (through `npm run officer` when `viaNpm`) with `input` piped to standard input. */
export function runOfficerCli(args: string[], input: string, env: NodeJS.ProcessEnv, viaNpm = false): Promise<CliResult> {
  const [command, commandArgs] = viaNpm
    ? ['npm', ['run', '--silent', 'officer', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', 'bot/cli/officer.ts', ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
