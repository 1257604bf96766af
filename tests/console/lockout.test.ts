import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, TestClock, attemptLogin, startConsole, type ConsoleServer } from './support/server.js';

const MINUTE = 60_000;
let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fail(times: number, username = 'budi'): Promise<void> {
  for (let i = 0; i < times; i++) expect((await attemptLogin(server!.app, username, `salah-${i}-kata-sandi`)).statusCode).toBe(401);
}

describe('repeated bad logins', () => {
  it('lock the account for 15 minutes: even the right password is refused, then it works again', async () => {
    const clock = new TestClock();
    server = await startConsole({ clock, env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
    await fail(4);
    expect((await server.accounts.get('budi'))?.failedLogins).toBe(4);
    await fail(1);
    const locked = await server.accounts.get('budi');
    expect(locked?.lockedUntil).toBe(clock.time + 15 * MINUTE);

    const refused = await attemptLogin(server.app, 'budi', PASSWORD);
    expect(refused.statusCode).toBe(401);
    // Locked looks exactly like a wrong password, so a lock does not reveal that the username exists.
    expect(refused.json()).toEqual((await attemptLogin(server.app, 'tidakada', PASSWORD)).json());
    expect(refused.json().message).toMatch(/dikunci 15 menit/);

    clock.advance(15 * MINUTE - 1000);
    expect((await attemptLogin(server.app, 'budi', PASSWORD)).statusCode).toBe(401);
    clock.advance(1000);
    expect((await attemptLogin(server.app, 'budi', PASSWORD)).statusCode).toBe(200);
    expect(await server.accounts.get('budi')).toMatchObject({ failedLogins: 0, lockedUntil: 0 });
  });

  it('lock only after consecutive failures: a success resets the count', async () => {
    server = await startConsole({ env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
    await fail(4);
    expect((await attemptLogin(server.app, 'budi', PASSWORD)).statusCode).toBe(200);
    await fail(4);
    expect((await attemptLogin(server.app, 'budi', PASSWORD)).statusCode).toBe(200);
  });

  it('follow CONSOLE_LOCKOUT_ATTEMPTS and CONSOLE_LOCKOUT_MINUTES', async () => {
    const clock = new TestClock();
    server = await startConsole({ clock, env: { CONSOLE_LOGIN_RATE_LIMIT: '1000', CONSOLE_LOCKOUT_ATTEMPTS: '3', CONSOLE_LOCKOUT_MINUTES: '2' } });
    await fail(3);
    expect((await attemptLogin(server.app, 'budi', PASSWORD)).statusCode).toBe(401);
    clock.advance(2 * MINUTE);
    expect((await attemptLogin(server.app, 'budi', PASSWORD)).statusCode).toBe(200);
  });

  it('cannot be raced: parallel guesses still lock after five', async () => {
    server = await startConsole({ env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => attemptLogin(server!.app, 'budi', `tebakan-${i}-salah`)));
    expect((await server.accounts.get('budi'))?.lockedUntil).toBeGreaterThan(Date.now());
  });

  it('hash even for an unknown username (the time does not tell whether it exists)', async () => {
    server = await startConsole({ env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
    await attemptLogin(server.app, 'tidakada', 'pemanasan-123'); // the decoy hash is ready after this
    const started = performance.now();
    await attemptLogin(server.app, 'tidakada', 'salah-kata-sandi');
    // One scrypt with N=2^15 takes tens of milliseconds; a lookup alone would take well under 5.
    expect(performance.now() - started).toBeGreaterThan(15);
  });
});

describe('the login route', () => {
  it('is rate limited per address', async () => {
    server = await startConsole({ env: { CONSOLE_LOGIN_RATE_LIMIT: '3' } });
    for (let i = 0; i < 3; i++) expect((await attemptLogin(server.app, 'tidakada', 'salah-kata-sandi')).statusCode).toBe(401);
    const limited = await attemptLogin(server.app, 'budi', PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    expect(limited.json().message).toMatch(/Terlalu banyak percobaan masuk/);
  });
});
