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
    // Delete first so that Map order stays the order of expiry for equal TTLs.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
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
