import type { Storage, StoreItems } from 'botbuilder-core';
import { ExpiringMap } from '../expiring-map.js';
import { ETagConflictError, JSON_TO_WRITE, readStateItem, type StateItem } from '../state.js';

/**
 * Bot state in this process (the zero-setup store). As botbuilder's MemoryStorage: items are kept as
 * JSON (a read gets its own copy) and a write with an out-of-date eTag fails. Unlike it, a
 * conversation's state is forgotten once it has not been written for the retention period, as Redis
 * expires it, instead of being kept for as long as the process runs. An item is one string,
 * `<eTag> <JSON>`, as in Redis.
 */
export class MemoryStateStorage implements Storage {
  private readonly items: ExpiringMap<string>;
  private version = 0;

  constructor(
    private readonly retentionMs: number,
    now?: () => number,
  ) {
    this.items = new ExpiringMap(now);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const data: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item === undefined) continue;
      const [eTag, json] = parts(item);
      data[key] = readStateItem(Object.assign(JSON.parse(json) as object, { eTag }), json);
    }
    return data;
  }

  /** Writes every change, or none if one of them has an eTag that is no longer current. */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const current = this.items.get(key);
      const eTag = (item as { eTag?: unknown }).eTag;
      if (current !== undefined && typeof eTag === 'string' && eTag !== '*' && eTag !== '' && eTag !== parts(current)[0]) {
        throw new ETagConflictError(key);
      }
    }
    for (const [key, item] of Object.entries(changes)) {
      const eTag = String(++this.version);
      // The item's own eTag is left out of its JSON (stringify drops what is undefined), as it is of the
      // JSON the state store may hand over (JSON_TO_WRITE). join makes one
      // flat string: a template would make a pair of strings, which stays two objects once flattened.
      const json = (item as StateItem)[JSON_TO_WRITE] ?? JSON.stringify(Object.assign({}, item, { eTag: undefined }));
      this.items.set(key, [eTag, json].join(' '), this.retentionMs);
      // As RedisStateStorage does: the caller's item now carries the version it wrote.
      (item as { eTag?: string }).eTag = eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}

/** A kept item's eTag and its JSON. */
function parts(item: string): [eTag: string, json: string] {
  const space = item.indexOf(' ');
  return [item.slice(0, space), item.slice(space + 1)];
}
