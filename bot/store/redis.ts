import { createClient } from 'redis';
import type { Logger } from 'pino';

function makeClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    // No per-command timer: node-redis otherwise arms an AbortSignal.timeout for every command.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: 3000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 3000),
    },
  });
}

export type Redis = ReturnType<typeof makeClient>;

export interface RedisOptions {
  url: string;
  logger: Logger;
}

/**
 * A node-redis client that fails fast while Redis is away (no offline queue: a turn gets a clear
 * "sedang ada gangguan" instead of hanging) and reconnects by itself with capped backoff.
 */
export async function connectRedis({ url, logger }: RedisOptions): Promise<Redis> {
  const client = makeClient(url);
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) logger.error({ err: err.message }, 'redis unavailable; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('redis connection restored');
    down = false;
  });
  // At start, an unreachable Redis is a configuration problem: say so instead of waiting forever.
  const timeout = setTimeout(() => client.destroy(), 10_000);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Redis at ${redactUrl(url)} is not reachable: ${(err as Error).message}`);
  } finally {
    clearTimeout(timeout);
  }
  return client;
}

/** Readiness: Redis answers a PING within the check's time limit. */
export async function redisAnswers(client: Redis): Promise<boolean> {
  if (!client.isReady) return false;
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
