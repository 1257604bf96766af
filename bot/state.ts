import type { StatePropertyAccessor, Storage, StoreItem, TurnContext } from 'botbuilder-core';

/** A write with an eTag that is no longer current: another turn changed the state since it was read. */
export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage: eTag conflict on "${key}" (the state was changed by another turn)`);
  }
}

/**
 * A state item's JSON without its eTag, handed over so that the same state is not serialised twice: a
 * storage that keeps the state as JSON (ours do) puts what it read on the items it returns
 * (JSON_AS_READ), and the state store, which compares states as this JSON anyway, puts it on the item it
 * asks to write (JSON_TO_WRITE). Two keys, so that an item read, changed and written by another caller
 * is never written with the JSON it was read with. Symbol-keyed, so JSON.stringify never sees them.
 */
export const JSON_AS_READ = Symbol('layani.stateJsonAsRead');
const JSON_TO_WRITE = Symbol('layani.stateJsonToWrite');

/** A state item that may carry its JSON (see JSON_AS_READ). */
type StateItem = StoreItem & { [JSON_AS_READ]?: string; [JSON_TO_WRITE]?: string };

/** A state item as a storage read it, with that JSON on it (not enumerable: copies and comparisons leave it out). */
export function readStateItem(item: StoreItem, json: string): StoreItem {
  return Object.defineProperty(item, JSON_AS_READ, { value: json, configurable: true, writable: true });
}

/** The JSON a storage writes for an item: the one the state store handed over, else the item's without its eTag. */
export function jsonToWrite(item: StoreItem): string {
  return (item as StateItem)[JSON_TO_WRITE] ?? snapshotOf(item);
}

/** A state kept as one string, `<eTag> <JSON>` (as both our storages keep it), split into the two. */
export function splitStateItem(stored: string): { eTag: string; json: string } {
  const space = stored.indexOf(' ');
  return { eTag: stored.slice(0, space), json: stored.slice(space + 1) };
}

const LOADED = Symbol('layani.conversationState');
const LOADING = Symbol('layani.conversationState.loading');

interface Loaded {
  key: string;
  state: StoreItem;
  /** The state as read, as JSON without its eTag: saving compares against it. */
  snapshot: string;
}

/**
 * Per-conversation state for the dialogs, loaded once per turn and saved when it changed. It stands in for
 * botbuilder's ConversationState (same storage key, same property accessors), for two reasons:
 * - botbuilder writes with eTag "*" (last writer wins); this writes with the eTag it read, so a turn that read
 *   an old version of the state fails instead of silently overwriting a newer one — the guarantee the
 *   per-conversation lock relies on across instances;
 * - botbuilder detects changes by hashing the state (a JSON walk with a replacer, then sha256) on load and
 *   again on save; one JSON snapshot compared as a string costs a fraction of that on every turn.
 */
export class ConversationStateStore {
  constructor(private readonly storage: Storage) {}

  createProperty<T>(name: string): StatePropertyAccessor<T> {
    return new Property<T>(this, name);
  }

  /** Reads the state once per turn; callers during the read share it (the turn may start it early). */
  async load(context: TurnContext): Promise<StoreItem> {
    const loaded = context.turnState.get(LOADED) as Loaded | undefined;
    if (loaded) return loaded.state;
    let loading = context.turnState.get(LOADING) as Promise<StoreItem> | undefined;
    if (!loading) {
      const key = storageKey(context);
      const reading: Promise<StoreItem> = this.storage.read([key]).then((items) => {
        const state: StoreItem = items[key] ?? {};
        // A read that forget() dropped meanwhile is not this turn's state.
        if (context.turnState.get(LOADING) === reading) {
          const snapshot = (state as StateItem)[JSON_AS_READ] ?? snapshotOf(state);
          delete (state as StateItem)[JSON_AS_READ];
          context.turnState.set(LOADED, { key, state, snapshot } satisfies Loaded);
        }
        return state;
      });
      context.turnState.set(LOADING, (loading = reading));
    }
    return loading;
  }

  /** Drops what was read (or is being read), so the next load() reads again. */
  forget(context: TurnContext): void {
    context.turnState.delete(LOADED);
    context.turnState.delete(LOADING);
  }

  /** Writes the state if the turn changed it (with the eTag it was read with). */
  async saveChanges(context: TurnContext): Promise<void> {
    const loaded = context.turnState.get(LOADED) as Loaded | undefined;
    if (!loaded) return;
    const snapshot = snapshotOf(loaded.state);
    if (snapshot === loaded.snapshot) return;
    const item: StateItem = loaded.state;
    // Our storages take the JSON while write() is called, before it awaits anything; it is then dropped,
    // since the turn may change the state again.
    item[JSON_TO_WRITE] = snapshot;
    const writing = this.storage.write({ [loaded.key]: item });
    delete item[JSON_TO_WRITE];
    await writing;
    loaded.snapshot = snapshot;
  }
}

class Property<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly store: ConversationStateStore,
    private readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const state = await this.store.load(context);
    if (!Object.hasOwn(state, this.name) && defaultValue !== undefined) {
      // Each conversation gets its own copy of the default.
      state[this.name] = typeof defaultValue === 'object' ? structuredClone(defaultValue) : defaultValue;
    }
    return state[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    (await this.store.load(context))[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    delete (await this.store.load(context))[this.name];
  }
}

/** botbuilder's ConversationState key, so that state saved before this class existed is still found. */
function storageKey(context: TurnContext): string {
  const { channelId, conversation } = context.activity;
  if (!channelId) throw new Error('missing activity.channelId');
  if (!conversation?.id) throw new Error('missing activity.conversation.id');
  return `${channelId}/conversations/${conversation.id}/`;
}

function snapshotOf(state: StoreItem): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
