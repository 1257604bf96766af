import { MemoryStorage, TurnContext, type Storage, type StoreItems } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { LayaniAdapter } from '../../bot/adapter.js';
import { ConversationStateStore } from '../../bot/state.js';
import { MemoryStateStorage } from '../../bot/store/memory-state-storage.js';

const adapter = new LayaniAdapter();
const turn = (conversation = 'c1') =>
  new TurnContext(adapter, { type: 'message', channelId: 'test', conversation: { id: conversation, isGroup: false, conversationType: '', name: '' } });

/** Counts writes to the storage underneath. */
class CountingStorage implements Storage {
  writes = 0;
  constructor(private readonly inner = new MemoryStorage()) {}
  read(keys: string[]) {
    return this.inner.read(keys);
  }
  write(changes: StoreItems) {
    this.writes += 1;
    return this.inner.write(changes);
  }
  delete(keys: string[]) {
    return this.inner.delete(keys);
  }
}

describe('ConversationStateStore', () => {
  it('keeps a property across turns under botbuilder’s key, and writes only when a turn changed it', async () => {
    const storage = new CountingStorage();
    const store = new ConversationStateStore(storage);
    const memory = store.createProperty<{ count: number }>('memory');

    const first = turn();
    (await memory.get(first, { count: 0 })).count += 1;
    await store.saveChanges(first);
    expect(storage.writes).toBe(1);
    expect(Object.keys(await storage.read(['test/conversations/c1/']))).toEqual(['test/conversations/c1/']);

    const second = turn();
    expect(await memory.get(second)).toEqual({ count: 1 });
    await store.saveChanges(second); // read, not changed
    expect(storage.writes).toBe(1);
  });

  it('gives every conversation its own copy of a default', async () => {
    const store = new ConversationStateStore(new MemoryStorage());
    const list = store.createProperty<string[]>('list');
    const defaults: string[] = [];
    (await list.get(turn('a'), defaults)).push('x');
    expect(await list.get(turn('b'), defaults)).toEqual([]);
    expect(defaults).toEqual([]);
  });

  it('fails a turn that read an older version instead of overwriting the newer one', async () => {
    const store = new ConversationStateStore(new MemoryStorage());
    const memory = store.createProperty<{ by: string }>('memory');
    const seed = turn();
    await memory.set(seed, { by: 'seed' });
    await store.saveChanges(seed);

    const slow = turn();
    const fast = turn();
    await memory.get(slow);
    await memory.set(fast, { by: 'fast' });
    await store.saveChanges(fast);
    await memory.set(slow, { by: 'slow' });
    await expect(store.saveChanges(slow)).rejects.toThrow(/eTag/);

    expect(await memory.get(turn())).toEqual({ by: 'fast' });
  });

  it('deletes a property', async () => {
    const store = new ConversationStateStore(new MemoryStorage());
    const memory = store.createProperty<{ by: string }>('memory');
    const one = turn();
    await memory.set(one, { by: 'one' });
    await store.saveChanges(one);
    const two = turn();
    await memory.delete(two);
    await store.saveChanges(two);
    expect(await memory.get(turn())).toBeUndefined();
  });

  it('forgets a read on request: a read still under way then does not become the turn’s state', async () => {
    const storage = new MemoryStorage();
    await storage.write({ 'test/conversations/c9/': { memory: { count: 1 } } });
    const store = new ConversationStateStore(storage);
    const memory = store.createProperty<{ count: number }>('memory');
    const context = turn('c9');
    const early = store.load(context); // e.g. started with a lock that turned out to be taken
    store.forget(context);
    await storage.write({ 'test/conversations/c9/': { memory: { count: 2 }, eTag: '*' } });
    await early; // the dropped read lands after forget()
    expect(await memory.get(context)).toEqual({ count: 2 });
  });

  it('with a storage that keeps JSON, saves the state as changed across turns and leaves no trace of the handover on it', async () => {
    const storage = new MemoryStateStorage(60_000);
    const store = new ConversationStateStore(storage);
    const memory = store.createProperty<{ count: number; said: string[] }>('memory');
    for (let i = 1; i <= 3; i++) {
      const context = turn('json');
      const value = await memory.get(context, { count: 0, said: [] });
      value.count += 1;
      value.said.push(`pesan ${i} "kutip" \u2603`);
      await store.saveChanges(context);
      const state = await store.load(context);
      expect(Object.getOwnPropertySymbols(state)).toEqual([]);
      // Changed again after its save: saved again.
      value.count += 10;
      await store.saveChanges(context);
      value.count -= 10;
      await store.saveChanges(context);
    }
    const [item] = Object.values(await storage.read(['test/conversations/json/']));
    expect(JSON.parse(JSON.stringify(item))).toMatchObject({ memory: { count: 3, said: ['pesan 1 "kutip" \u2603', 'pesan 2 "kutip" \u2603', 'pesan 3 "kutip" \u2603'] } });

    // A turn that changes nothing writes nothing (its eTag stays).
    const eTag = item!.eTag;
    const idle = turn('json');
    await memory.get(idle);
    await store.saveChanges(idle);
    expect(Object.values(await storage.read(['test/conversations/json/']))[0]!.eTag).toBe(eTag);
  });
});
