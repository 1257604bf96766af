import { ExpiringMap } from '../../../bot/expiring-map.js';

/** Remembers message ids for a while, so a redelivered webhook (Meta retries) is processed once. */
export interface DedupStore {
  /** True the first time `key` is seen within `ttlMs`; false for every repeat. Atomic. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

export class MemoryDedupStore implements DedupStore {
  private readonly seen: ExpiringMap<true>;

  constructor(now: () => number = Date.now) {
    this.seen = new ExpiringMap(now);
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    if (this.seen.get(key)) return false;
    this.seen.set(key, true, ttlMs);
    return true;
  }
}
