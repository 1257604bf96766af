import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder-core';

/**
 * The contract between channels and the bot. A channel turns what arrives into an Activity and
 * calls `TurnRunner.run`; everything the bot or an officer says to a citizen leaves through the
 * `Outlet` that channel registered under its channelId (e.g. `webchat`, `whatsapp`).
 */
export interface Outlet {
  deliver(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<ResourceResponse[]>;
}

export interface TurnRunner {
  /** Runs one citizen turn; resolves once every reply has been handed to the channel's outlet. */
  run(activity: Partial<Activity>): Promise<void>;
}

export interface ChannelHost {
  readonly runner: TurnRunner;
  registerOutlet(channelId: string, outlet: Outlet): void;
}
