/**
 * `npm run officer -- <command>`: officer accounts for the console, in Redis when REDIS_URL is set
 * (where every instance reads them), in OFFICER_ACCOUNTS_FILE otherwise.
 *
 *   add <username> --role officer|supervisor   new account; password on standard input
 *   passwd <username>                          new password (also unlocks and ends old sessions)
 *   list                                       usernames, roles, locks
 *   remove <username>                          deletes the account (its sessions end at once)
 *
 * The password is read from standard input: typed at a prompt without echo on a terminal, or piped
 * (`echo 'kata-sandi-rahasia' | npm run officer -- add budi --role officer`), first line only.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { Keys } from '../store/keys.js';
import { connectRedis } from '../store/redis.js';
import { isOfficerRole, isValidUsername, passwordProblem, type OfficerAccount, type OfficerAccounts } from '../../channels/console/accounts/accounts.js';
import { FileOfficerAccounts } from '../../channels/console/accounts/file-accounts.js';
import { hashPassword } from '../../channels/console/accounts/password.js';
import { readPassword } from '../../channels/console/accounts/read-password.js';
import { RedisOfficerAccounts } from '../../channels/console/accounts/redis-accounts.js';

const USAGE = `Pemakaian:
  npm run officer -- add <username> --role officer|supervisor   (kata sandi dari standard input)
  npm run officer -- passwd <username>
  npm run officer -- list
  npm run officer -- remove <username>
Nama pengguna: huruf kecil, angka, titik, minus atau garis bawah; 3–32 karakter, diawali huruf.`;

class UsageError extends Error {}

interface AccountsPlace {
  accounts: OfficerAccounts;
  /** Where the accounts are, for the messages. */
  where: string;
  close(): Promise<void>;
}

/** The same accounts the server reads: Redis when REDIS_URL is set, the file otherwise. */
async function openAccounts(config: Config): Promise<AccountsPlace> {
  if (!config.REDIS_URL) {
    return { accounts: new FileOfficerAccounts(config.OFFICER_ACCOUNTS_FILE), where: config.OFFICER_ACCOUNTS_FILE, close: async () => undefined };
  }
  const redis = await connectRedis({ url: config.REDIS_URL, logger: pino({ level: 'silent' }) });
  return {
    accounts: new RedisOfficerAccounts(redis, new Keys(config.REDIS_PREFIX)),
    where: `Redis (${config.REDIS_PREFIX}console:account:*)`,
    close: () => redis.close(),
  };
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { role: { type: 'string' } } });
  const [command, username, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`Argumen berlebih: ${extra.join(' ')}`);
  const place = await openAccounts(loadConfig());
  try {
    await run(place, command, username, values.role);
  } finally {
    await place.close();
  }
}

async function run({ accounts, where }: AccountsPlace, command: string | undefined, username: string | undefined, roleOption: string | undefined): Promise<void> {
  switch (command) {
    case 'add': {
      const name = requireUsername(username);
      const role = roleOption ?? '';
      if (!isOfficerRole(role)) throw new UsageError('--role harus officer atau supervisor.');
      if (await accounts.get(name)) throw new Error(`Akun ${name} sudah ada (ganti kata sandinya dengan: npm run officer -- passwd ${name}).`);
      const passwordHash = await hashPassword(await newPassword());
      await accounts.upsert({ username: name, role, passwordHash, failedLogins: 0, lockedUntil: 0 });
      say(`Akun ${name} (${role}) dibuat di ${where}.`);
      return;
    }
    case 'passwd': {
      const name = requireUsername(username);
      const account = await accounts.get(name);
      if (!account) throw new Error(`Akun ${name} tidak ada.`);
      const passwordHash = await hashPassword(await newPassword());
      await accounts.upsert({ ...account, passwordHash, failedLogins: 0, lockedUntil: 0 });
      say(`Kata sandi ${name} diganti; kunci dibuka.`);
      return;
    }
    case 'list': {
      const all = await accounts.list();
      if (all.length === 0) say(`Belum ada akun di ${where}.`);
      for (const account of all) say(describe(account));
      return;
    }
    case 'remove': {
      const name = requireUsername(username);
      if (!(await accounts.remove(name))) throw new Error(`Akun ${name} tidak ada.`);
      say(`Akun ${name} dihapus.`);
      return;
    }
    default:
      throw new UsageError(command ? `Perintah tidak dikenal: ${command}` : 'Perintah belum diberikan.');
  }
}

function requireUsername(username: string | undefined): string {
  if (!username || !isValidUsername(username)) throw new UsageError(`Nama pengguna tidak valid: ${username ?? '(kosong)'}`);
  return username;
}

async function newPassword(): Promise<string> {
  const password = await readPassword('Kata sandi: ', 'Ulangi kata sandi: ');
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  return password;
}

function describe(account: OfficerAccount): string {
  const locked = account.lockedUntil > Date.now() ? `  terkunci sampai ${new Date(account.lockedUntil).toISOString()}` : '';
  return `${account.username}\t${account.role}${locked}`;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message}\n`);
  if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`\n${USAGE}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
