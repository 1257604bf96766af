/** A Map whose entries expire, as Redis keys with a TTL do: the in-memory stores keep nothing forever. */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    const expiresAt = this.now() + ttlMs;
    const entry = this.entries.get(key);
    // Written again: the entry is updated where it is, not made anew (a store's entries are long-lived
    // and a new one per write would be garbage for the next full GC).
    if (entry) {
      entry.value = value;
      entry.expiresAt = expiresAt;
    } else {
      this.entries.set(key, { value, expiresAt });
    }
    if (++this.writes % 1000 === 0) this.sweep();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** The values not yet expired. */
  *values(): IterableIterator<V> {
    const now = this.now();
    for (const entry of this.entries.values()) if (entry.expiresAt > now) yield entry.value;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
