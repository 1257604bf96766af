/**
 * A Map that holds at most `limit` entries: setting one more drops the oldest (a Map iterates in
 * insertion order). For caches whose entries are equally likely to be used again.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
