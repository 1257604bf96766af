import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { Child, LOOPBACK, freePort, spawnChild } from './process.js';

function makeClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false } });
}

export type RedisClient = ReturnType<typeof makeClient>;

export interface RunningRedis {
  url: string;
  child: Child;
  client: RedisClient;
  stop(): Promise<void>;
}

/**
 * A private redis-server on a free loopback port, without persistence, in a scratch folder (never the
 * machine's shared Redis). Resolves to undefined with a reason when redis-server is not installed.
 */
export async function startRedis(dir: string): Promise<RunningRedis | string> {
  if (spawnSync('redis-server', ['--version']).error) return 'redis-server is not installed';
  const port = await freePort();
  const child = spawnChild('redis-server', 'redis-server', ['--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no', '--dir', dir], process.env);
  const url = `redis://${LOOPBACK}:${port}`;
  const client = makeClient(url);
  client.on('error', () => undefined);
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      break;
    } catch (err) {
      if (child.exited || attempt > 100) {
        await child.stop();
        return `redis-server did not start: ${(err as Error).message}\n${child.output}`;
      }
      await sleep(20);
    }
  }
  return {
    url,
    child,
    client,
    stop: async () => {
      await client.close().catch(() => undefined);
      await child.stop();
    },
  };
}

/**
 * Bytes Redis reports (MEMORY USAGE) for every key, summed, and how many keys there are. Keys matching
 * `transient` (e.g. rate-limit counters, which expire within a minute) are left out.
 */
export async function redisFootprint(client: RedisClient, transient?: RegExp): Promise<{ keys: number; bytes: number; prefixes: string[] }> {
  let bytes = 0;
  let keys = 0;
  const prefixes = new Set<string>();
  for await (const batch of client.scanIterator({ COUNT: 1000 })) {
    for (const key of batch) {
      if (transient?.test(key)) continue;
      keys += 1;
      bytes += (await client.memoryUsage(key, { SAMPLES: 0 })) ?? 0;
      prefixes.add(key.split(':').slice(0, 2).join(':'));
    }
  }
  return { keys, bytes, prefixes: [...prefixes].sort() };
}

/** Calls per command since the server started (INFO commandstats). */
export async function commandCounts(client: RedisClient): Promise<Map<string, number>> {
  const info = await client.info('commandstats');
  const counts = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts.set(match[1]!, Number(match[2]));
  return counts;
}
