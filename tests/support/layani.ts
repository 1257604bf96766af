import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createLayani, type Layani } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';

export interface RunningLayani {
  layani: Layani;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Stops the server, then closes its stores (Redis connections). */
  close(): Promise<void>;
}

/**
 * The whole composition `npm start` builds, from the real data, listening on a free loopback port;
 * `env` adds to the test configuration (REDIS_URL, secrets…), `now` holds the clock.
 */
export async function startLayani(env: Record<string, string> = {}, now?: () => number): Promise<RunningLayani> {
  const config = loadConfig({ DATA_DIR: 'data', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const layani = await createLayani(config, pino({ level: 'silent' }), now ? { now } : {});
  await layani.server.listen({ port: 0, host: '127.0.0.1' });
  return {
    layani,
    url: `http://127.0.0.1:${(layani.server.server.address() as AddressInfo).port}`,
    async close() {
      await layani.server.close();
      await layani.stores.close();
    },
  };
}
