/**
 * node-redis errors that mean Redis is away for now (not a bug): callers answer "try again later".
 * Kept apart from redis.ts so that checking an error does not load the Redis client.
 */
const OUTAGE_ERRORS = new Set(['ClientOfflineError', 'ClientClosedError', 'ConnectionTimeoutError', 'SocketClosedUnexpectedlyError', 'ReconnectStrategyError']);

export function isRedisOutage(err: Error): boolean {
  return OUTAGE_ERRORS.has(err.constructor.name) || OUTAGE_ERRORS.has(err.name);
}
