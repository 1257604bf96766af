import type { ConversationRecord, HandoffEvent, Ticket, TranscriptEntry } from './types.js';

export class HandoffError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface QueueItem {
  record: ConversationRecord;
  /** Milliseconds since the citizen joined the queue (0 when not queued). */
  waitingMs: number;
  /** Last few transcript entries, newest last. */
  preview: TranscriptEntry[];
}

/** What the officer console may do. Every method throws HandoffError on a refused action. */
export interface OfficerDesk {
  /** Conversations waiting (`queued`) and in progress (`officer`), oldest first. */
  queue(): Promise<QueueItem[]>;
  conversation(key: string): Promise<{ record: ConversationRecord; transcript: TranscriptEntry[] }>;
  claim(key: string, officer: string): Promise<ConversationRecord>;
  /** Sends a message to the citizen; claims the conversation if nobody has. */
  reply(key: string, officer: string, text: string): Promise<void>;
  /** An internal note, visible to officers only. */
  note(key: string, officer: string, text: string): Promise<void>;
  transfer(key: string, officer: string, toOfficer: string): Promise<ConversationRecord>;
  /** Returns the conversation to the bot; the citizen is told. */
  handBack(key: string, officer: string): Promise<ConversationRecord>;
  /** Ends the conversation and asks the citizen for a 1–5 satisfaction score. */
  close(key: string, officer: string): Promise<ConversationRecord>;
  typing(key: string, officer: string): Promise<void>;
  tickets(status?: Ticket['status']): Promise<Ticket[]>;
  /** Answers a ticket: the text reaches the citizen on their channel and the officer claims the conversation. */
  answerTicket(number: string, officer: string, text: string): Promise<Ticket>;
  /** Conversations held per officer (for supervisors). */
  load(): Promise<Record<string, number>>;
  /** Subscribes to live events; resolves with the unsubscribe function once events are heard. */
  subscribe(listener: (event: HandoffEvent) => void): Promise<() => void>;
}
