import type { TurnContext } from 'botbuilder-core';
import type { Replies } from './replies.js';

export type HandoffReason = 'asked' | 'offer_accepted' | 'complaint';

/** How the dialogs reach a human officer; the officer side plugs in here. */
export interface HandoffPort {
  requestOfficer(context: TurnContext, reason: HandoffReason): Promise<void>;
}

/** Until officers are connected to a channel, say so truthfully and point to the official channel. */
export function unavailableHandoff(replies: Replies): HandoffPort {
  return {
    async requestOfficer(context) {
      await context.sendActivity(replies.text('handoffUnavailable'));
    },
  };
}
