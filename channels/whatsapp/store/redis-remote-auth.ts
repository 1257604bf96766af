import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RESP_TYPES } from 'redis';
import type wwebjs from 'whatsapp-web.js';
import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';

/**
 * whatsapp-web.js's RemoteAuth store in Redis: the linked phone's session (the zip RemoteAuth makes
 * of the browser profile) kept as one binary string, so any instance can take over the link after a
 * restart or a crash without scanning the QR code again. RemoteAuth saves it again every few
 * minutes, which renews the expiry; a session unused for the retention period is forgotten.
 */
export class RedisRemoteAuthStore implements wwebjs.Store {
  private readonly ttl: number;
  private readonly binary;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** RemoteAuth's `dataPath`: where it leaves `<session>.zip` for `save` to read. */
    private readonly dataPath: string,
    retentionDays: number,
  ) {
    this.ttl = Math.round(retentionDays * 86400);
    this.binary = redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  }

  async sessionExists({ session }: { session: string }): Promise<boolean> {
    return (await this.redis.exists(this.sessionKey(session))) === 1;
  }

  async save({ session }: { session: string }): Promise<void> {
    const zip = await readFile(join(this.dataPath, `${session}.zip`));
    await this.redis.set(this.sessionKey(session), zip, { EX: this.ttl });
  }

  async extract({ session, path }: { session: string; path: string }): Promise<void> {
    const zip = await this.binary.get(this.sessionKey(session));
    if (!zip) throw new Error(`whatsapp web: no saved session "${session}" in Redis`);
    // On a fresh instance (a new container) RemoteAuth's folder does not exist yet.
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, zip, { mode: 0o600 });
  }

  async delete({ session }: { session: string }): Promise<void> {
    await this.redis.del(this.sessionKey(session));
  }

  private sessionKey(session: string): string {
    return this.keys.key('wa', 'remote-auth', session);
  }
}
