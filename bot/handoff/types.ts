import type { ConversationReference } from 'botbuilder-core';

/** A conversation's key for its record, transcript, turn queue and lock: `<channelId>/<conversation id>`. */
export function conversationKey(reference: Partial<ConversationReference>): string {
  return `${reference.channelId}/${reference.conversation?.id}`;
}

/** The channel and conversation a `conversationKey` was made of. */
export function splitConversationKey(key: string): { channelId: string; conversationId: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { channelId: key, conversationId: '' } : { channelId: key.slice(0, slash), conversationId: key.slice(slash + 1) };
}

/** Who answers a conversation. While `queued` or `officer`, the bot never answers. */
export type Owner = 'bot' | 'queued' | 'officer' | 'closed';

/** Owners that the console lists; the stores keep the keys of those conversations apart for fast listing. */
export const LISTED: readonly Owner[] = ['queued', 'officer'];

/** What the bot waits for from the citizen outside the normal dialog. */
export type Pending = 'leave_message' | 'rating';

export interface AttachmentInfo {
  contentType: string;
  name?: string;
  url?: string;
}

export interface ConversationRecord {
  /** `<channelId>/<conversationId>`: unique across channels. */
  key: string;
  channelId: string;
  /** How to reach the citizen on the channel they used. */
  reference: Partial<ConversationReference>;
  citizenName?: string;
  owner: Owner;
  /** Username of the officer who claimed it. */
  officer?: string;
  queuedAt?: number;
  claimedAt?: number;
  lastCitizenAt: number;
  /** The bot's last reading of the conversation, so the officer never re-asks. */
  intent?: string;
  service?: string | null;
  pending?: Pending;
  /** Open ticket number, when the citizen left a message out of hours. */
  ticket?: string;
  /** Satisfaction score 1–5 given after the last close. */
  rating?: number;
}

export type Author = 'citizen' | 'bot' | 'officer' | 'system' | 'note';

export interface TranscriptEntry {
  at: number;
  author: Author;
  /** Officer username or citizen name. */
  name?: string;
  channel: string;
  text: string;
  attachments?: AttachmentInfo[];
  intent?: string;
  confidence?: number;
  service?: string | null;
}

export interface Ticket {
  /** Human-readable number given to the citizen, e.g. `LYN-261123-0007`. */
  number: string;
  key: string;
  createdAt: number;
  message: string;
  status: 'open' | 'answered';
  answeredBy?: string;
  answeredAt?: number;
}

/** Everything the handoff needs to keep; in memory by default, Redis when configured. */
export interface HandoffStore {
  /**
   * True when `appendTranscript` itself announces the entry to every instance (a `message` event on the
   * live events channel, in the same step as the write), so that the caller must not publish it again.
   */
  readonly announces: boolean;
  getConversation(key: string): Promise<ConversationRecord | undefined>;
  /**
   * `previous`, when given, is the record as the caller read it: a store may then skip what the change
   * cannot affect (the list of conversations the console shows, when the owner stays off it).
   */
  saveConversation(record: ConversationRecord, previous?: ConversationRecord): Promise<void>;
  listConversations(owners: Owner[]): Promise<ConversationRecord[]>;
  appendTranscript(key: string, entry: TranscriptEntry): Promise<void>;
  readTranscript(key: string, limit?: number): Promise<TranscriptEntry[]>;
  createTicket(key: string, message: string, at: number): Promise<Ticket>;
  getTicket(number: string): Promise<Ticket | undefined>;
  saveTicket(ticket: Ticket): Promise<void>;
  listTickets(status?: Ticket['status']): Promise<Ticket[]>;
  /** Waiting times (ms) of recently claimed conversations, newest first, for wait estimates. */
  recordWait(ms: number): Promise<void>;
  recentWaits(): Promise<number[]>;
}

/** Live events for the officer console. */
export type HandoffEvent =
  | { type: 'conversation'; record: ConversationRecord }
  | { type: 'message'; key: string; entry: TranscriptEntry }
  | { type: 'ticket'; ticket: Ticket }
  | { type: 'typing'; key: string; author: Author };
