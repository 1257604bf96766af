import type { Intent } from '../intents/labels.js';

/** What the bot remembers of a conversation between turns (stored with the conversation state). */
export interface ConversationMemory {
  lastService: string | null;
  lastVariant: string | null;
  lastIntent: Intent | null;
  /** Misunderstandings in a row; two lead to the offer of a human officer. */
  misses: number;
}

export function freshMemory(): ConversationMemory {
  return { lastService: null, lastVariant: null, lastIntent: null, misses: 0 };
}
