import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type Redis } from '../../bot/store/redis.js';
import { LuaScript } from '../../bot/store/script.js';
import { startRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
let client: Redis;
let monitor: Redis;
const seen: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = await connectRedis({ url: redis.url, logger: pino({ level: 'silent' }) });
  monitor = await connectRedis({ url: redis.url, logger: pino({ level: 'silent' }) });
  await monitor.monitor((line) => seen.push(line));
});

afterAll(async () => {
  await monitor?.close().catch(() => undefined);
  await client?.close();
  await redis?.stop();
});

/** The commands this client sent (MONITOR also shows the calls a script makes, as "lua"). */
async function sentCommands(): Promise<string[]> {
  await client.ping();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return seen.splice(0).filter((line) => !line.includes('[0 lua]')).map((line) => /"(\w+)"/.exec(line)?.[1]?.toUpperCase() ?? '');
}

describe('LuaScript', () => {
  const add = new LuaScript(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);

  it('runs by its SHA-1 once Redis knows it, and loads itself again after Redis forgot it', async () => {
    await sentCommands();
    expect(await add.run(client, { keys: ['n'], arguments: ['2'] })).toBe(2);
    // Unknown at first: EVALSHA, NOSCRIPT, then EVAL with the text.
    expect(await sentCommands()).toEqual(['EVALSHA', 'EVAL', 'PING']);
    expect(await add.run(client, { keys: ['n'], arguments: ['3'] })).toBe(5);
    expect(await sentCommands()).toEqual(['EVALSHA', 'PING']);

    await client.scriptFlush(); // what a restart of Redis does to its scripts
    await sentCommands();
    expect(await add.run(client, { keys: ['n'], arguments: ['1'] })).toBe(6);
    expect(await sentCommands()).toEqual(['EVALSHA', 'EVAL', 'PING']);
  });

  it('passes on the errors of the script itself', async () => {
    const broken = new LuaScript(`return redis.call('NOSUCHCOMMAND')`);
    await expect(broken.run(client, { keys: [], arguments: [] })).rejects.toThrow(/Unknown Redis command|unknown command/i);
  });
});
