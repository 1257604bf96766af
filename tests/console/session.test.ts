import { afterEach, describe, expect, it } from 'vitest';
import { MemorySessionStore, Sessions } from '../../channels/console/auth/sessions.js';
import { TestClock, login, startConsole, type ConsoleServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('Sessions', () => {
  it('end after the idle time, and each use pushes the end further (sliding)', async () => {
    const clock = new TestClock();
    const sessions = new Sessions(new MemorySessionStore(clock.now), 8 * HOUR, clock.now);
    const { id } = await sessions.start('budi', 'hash');
    clock.advance(7 * HOUR);
    expect(await sessions.resume(id)).toMatchObject({ username: 'budi' });
    clock.advance(7 * HOUR); // 14 h after login, 7 h after the last use
    expect(await sessions.resume(id)).toBeDefined();
    clock.advance(8 * HOUR);
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('keep only hashes of session ids in the store', async () => {
    const store = new MemorySessionStore();
    const sessions = new Sessions(store, HOUR);
    const { id } = await sessions.start('budi', 'hash');
    expect(await store.get(id)).toBeUndefined();
    await sessions.end(id);
    expect(await sessions.resume(id)).toBeUndefined();
  });
});

describe('an officer session over HTTP', () => {
  let server: ConsoleServer | undefined;
  afterEach(() => server?.close());

  it('expires after CONSOLE_SESSION_TTL_MINUTES without use', async () => {
    const clock = new TestClock();
    server = await startConsole({ clock, env: { CONSOLE_SESSION_TTL_MINUTES: '30' } });
    const budi = await login(server.app, 'budi');
    clock.advance(29 * MINUTE);
    expect((await budi.request('GET', '/console/api/queue')).statusCode).toBe(200);
    clock.advance(29 * MINUTE);
    expect((await budi.request('GET', '/console/api/queue')).statusCode).toBe(200);
    clock.advance(30 * MINUTE);
    const expired = await budi.request('GET', '/console/api/queue');
    expect(expired.statusCode).toBe(401);
    expect((await budi.request('POST', '/console/api/logout')).statusCode).toBe(401);
  });

  it('lasts 8 hours by default', async () => {
    const clock = new TestClock();
    server = await startConsole({ clock });
    const budi = await login(server.app, 'budi');
    clock.advance(8 * HOUR - MINUTE);
    expect((await budi.request('GET', '/console/api/me')).statusCode).toBe(200);
    clock.advance(8 * HOUR);
    expect((await budi.request('GET', '/console/api/me')).statusCode).toBe(401);
  });
});
