import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { LuaScript } from './script.js';

// One request: the counter and its window move in one step; the window starts with the first request.
const INCR = new LuaScript(`
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {current, redis.call('PTTL', KEYS[1])}`);

const READ = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {tonumber(current), ttl}`);

interface LimiterOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  routeInfo?: { method?: string | string[]; url?: string };
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Rate-limit counters in Redis for @fastify/rate-limit (`store` option), so every instance counts
 * against the same limit. Counters are named `<prefix>ratelimit:<limiter key>`; a route's own limit
 * (route `config.rateLimit`) adds the route, as the plugin's stores keep one counter set per route.
 * Each counter expires with its window.
 */
export function redisRateLimitStore(redis: Redis, keys: Keys): FastifyRateLimitStoreCtor {
  class RedisRateLimitStore implements FastifyRateLimitStore {
    constructor(
      options: LimiterOptions,
      private readonly namespace = keys.key('ratelimit', ''),
    ) {
      // Layani's limits are fixed windows; the plugin's other modes are not implemented here.
      if (options.continueExceeding || options.exponentialBackoff) {
        throw new Error('the Redis rate-limit store supports neither continueExceeding nor exponentialBackoff');
      }
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      this.run(INCR, key, [String(timeWindow)], callback);
    }

    /** Reads a counter without counting (the plugin's `{ increment: false }`). */
    read(key: string, callback: Callback): void {
      this.run(READ, key, [], callback);
    }

    // The plugin passes the limiter's merged options here (typed as the route's options).
    child(routeOptions: object): FastifyRateLimitStore {
      const options = routeOptions as LimiterOptions;
      const route = options.routeInfo?.url ? `${[options.routeInfo.method].flat().join(',')}${options.routeInfo.url}:` : '';
      return new RedisRateLimitStore(options, `${this.namespace}${route}`);
    }

    private run(script: LuaScript, key: string, args: string[], callback: Callback): void {
      script
        .run(redis, { keys: [this.namespace + key], arguments: args })
        .then((reply) => {
          const [current, ttl] = reply as [number, number];
          callback(null, { current, ttl });
        })
        .catch((err: Error) => callback(err));
    }
  }
  return RedisRateLimitStore;
}
