import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder-core';

/**
 * The contract between channels and the bot. A channel turns what arrives into an Activity and
 * calls `TurnRunner.run`; everything the bot or an officer says to a citizen leaves through the
 * `Outlet` that channel registered under its channelId (e.g. `webchat`, `whatsapp`).
 */
export interface Outlet {
  deliver(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<ResourceResponse[]>;
  /**
   * True when deliveries to one conversation take effect in the order `deliver` was called, whether or
   * not the earlier ones have answered (web chat: one append after another on one connection). A turn
   * then goes on without waiting for each delivery, so that its last writes travel with its answer (one
   * round trip to Redis instead of two); what the bot sent is known by then without its ids, and the turn
   * still fails if a delivery does. Outlets that must hear back before sending more (WhatsApp) leave it unset.
   */
  readonly ordered?: boolean;
}

export interface TurnRunner {
  /**
   * Runs one citizen turn; resolves once every reply has been handed to the channel's outlet.
   * `storing`: the activity's id while the channel is still storing it. The turn's lock and reads start
   * at once (with Redis, in the same round trip as the channel's write); the turn itself waits for the id.
   * If storing fails there is no turn: the channel answers its client with the error.
   */
  run(activity: Partial<Activity>, storing?: Promise<string>): Promise<void>;
}

export interface ChannelHost {
  readonly runner: TurnRunner;
  registerOutlet(channelId: string, outlet: Outlet): void;
}
