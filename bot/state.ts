import { ConversationState, calculateChangeHash, type Storage, type TurnContext } from 'botbuilder-core';

const LOADED_HASH = Symbol('layani.loadedStateHash');

/**
 * botbuilder's ConversationState writes with eTag "*" (last writer wins). This one writes with the eTag
 * it read, so a turn that read an old version of the state fails instead of silently overwriting a
 * newer one — the guarantee the per-conversation lock relies on across instances.
 */
export class StrictConversationState extends ConversationState {
  constructor(storage: Storage) {
    super(storage);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const state = await super.load(context, force);
    if (force || !context.turnState.has(LOADED_HASH)) context.turnState.set(LOADED_HASH, calculateChangeHash(state));
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const state = this.get(context);
    if (!state) return;
    const hash = calculateChangeHash(state);
    if (!force && hash === context.turnState.get(LOADED_HASH)) return;
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: state });
    context.turnState.set(LOADED_HASH, hash);
  }
}
