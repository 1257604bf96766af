import type { Choice } from '../convert/choices.js';
import { ExpiringMap } from '../../../bot/expiring-map.js';

/**
 * The choices last offered to each conversation, so that a citizen's "2" means the second one. Behind
 * an interface: in memory here, in Redis when several instances share the conversations.
 */
export interface ChoiceMemory {
  /** Replaces the conversation's offered choices; an empty list forgets them. */
  remember(conversationId: string, choices: Choice[]): Promise<void>;
  offered(conversationId: string): Promise<Choice[]>;
}

/** A day is long enough to answer a question; older numbers are read as plain text. */
export const CHOICES_TTL_MS = 24 * 60 * 60 * 1000;

export class MemoryChoiceMemory implements ChoiceMemory {
  private readonly map: ExpiringMap<Choice[]>;

  constructor(now: () => number = Date.now) {
    this.map = new ExpiringMap(now);
  }

  async remember(conversationId: string, choices: Choice[]): Promise<void> {
    if (choices.length === 0) this.map.delete(conversationId);
    else this.map.set(conversationId, choices.map((c) => ({ ...c })), CHOICES_TTL_MS);
  }

  async offered(conversationId: string): Promise<Choice[]> {
    return this.map.get(conversationId) ?? [];
  }
}
