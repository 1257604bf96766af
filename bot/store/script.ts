import { createHash } from 'node:crypto';
import type { Redis } from './redis.js';

export interface ScriptCall {
  keys: string[];
  arguments: string[];
}

/**
 * A Lua script run by its SHA-1 (EVALSHA), so that its text is not sent, and hashed by Redis, with every
 * call. Redis forgets its scripts when it restarts: the first call after that gets NOSCRIPT and is sent
 * once more with the text (EVAL), which loads it again.
 *
 * node-redis can do the same with `defineScript`, but only for scripts declared where the client is
 * created; this keeps each script beside the store that uses it.
 */
export class LuaScript {
  readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  /**
   * Sends the call at once (commands issued in the same turn of the event loop share one write), so a
   * caller can queue another command right behind it.
   */
  run(redis: Redis, call: ScriptCall): Promise<unknown> {
    return redis.evalSha(this.sha1, call).catch((err: unknown) => {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, call);
    });
  }
}
