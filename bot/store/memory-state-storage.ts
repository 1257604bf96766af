import type { Storage, StoreItems } from 'botbuilder-core';
import { ExpiringMap } from '../expiring-map.js';
import { ETagConflictError, jsonToWrite, readStateItem, splitStateItem } from '../state.js';

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
      const { eTag, json } = splitStateItem(item);
      data[key] = readStateItem(Object.assign(JSON.parse(json) as object, { eTag }), json);
    }
    return data;
  }

  /** Writes every change, or none if one of them has an eTag that is no longer current. */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const current = this.items.get(key);
      const eTag = (item as { eTag?: unknown }).eTag;
      if (current !== undefined && typeof eTag === 'string' && eTag !== '*' && eTag !== '' && eTag !== splitStateItem(current).eTag) {
        throw new ETagConflictError(key);
      }
    }
    for (const [key, item] of Object.entries(changes)) {
      const eTag = String(++this.version);
      // join makes one flat string: a template would make a pair of strings, which stays two objects once
      // flattened.
      this.items.set(key, [eTag, jsonToWrite(item)].join(' '), this.retentionMs);
      // As RedisStateStorage does: the caller's item now carries the version it wrote.
      (item as { eTag?: string }).eTag = eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}
