/**
 * A Map whose entries are forgotten `ttlMs` after they were last set, as Redis expires a key written
 * with a TTL: the in-memory stores use it so that a long-running process does not keep every
 * conversation it ever had. Setting an entry moves it to the end, so the entries stay in the order they
 * were last set and expired ones are always at the front: each set drops those, which costs nothing
 * when there are none.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; setAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.setAt < this.ttlMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value, setAt: now });
    for (const [oldest, entry] of this.entries) {
      if (now - entry.setAt < this.ttlMs) break;
      this.entries.delete(oldest);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** The entries not yet expired. */
  *values(): IterableIterator<V> {
    const now = this.now();
    for (const entry of this.entries.values()) if (now - entry.setAt < this.ttlMs) yield entry.value;
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.entries.size;
  }
}
