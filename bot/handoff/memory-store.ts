import { appended } from '../appended.js';
import { ExpiringMap } from '../expiring-map.js';
import { TextPool, flat } from '../kept-strings.js';
import { restoredRecord, storedRecord } from './stored-record.js';
import { LISTED, type ConversationRecord, type HandoffStore, type Owner, type Ticket, type TranscriptEntry } from './types.js';

const MAX_TRANSCRIPT = 2000;
const MAX_WAITS = 50;

export interface MemoryHandoffStoreOptions {
  /** Records, transcripts and tickets are forgotten this long after they were last written (as in Redis). */
  retentionMs?: number;
  now?: () => number;
}

/**
 * What the store keeps of one conversation: its record, in the form the Redis store keeps it (one string,
 * see stored-record.ts), and its transcript, in one entry rather than an entry in each of two maps. Each
 * expires on its own, as two Redis keys would.
 */
class Kept {
  record: string | undefined = undefined;
  recordUntil = 0;
  transcript: TranscriptEntry[] | undefined = undefined;
  transcriptUntil = 0;
}

/**
 * The zero-setup store: everything lives in this process and is lost when it stops. Like the Redis
 * store, it forgets what has not been written for the retention period, and keeps the keys of the
 * conversations the console lists apart, so that listing them does not read every record.
 */
export class MemoryHandoffStore implements HandoffStore {
  readonly announces = false;
  private readonly conversations = new Map<string, Kept>();
  private readonly listed = new Set<string>();
  private readonly tickets: ExpiringMap<Ticket>;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly waits: number[] = [];
  private ticketSeq = 0;
  private writes = 0;

  constructor(options: MemoryHandoffStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? 30 * 86_400_000;
    this.now = options.now ?? Date.now;
    this.tickets = new ExpiringMap(this.now);
  }

  async getConversation(key: string): Promise<ConversationRecord | undefined> {
    const raw = this.recordOf(key);
    return raw === undefined ? undefined : restoredRecord(raw, key);
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    const kept = this.kept(record.key);
    // flat: JSON.stringify's result can be made of pieces, which a kept string would keep (see flat).
    kept.record = flat(storedRecord(record));
    kept.recordUntil = this.now() + this.retentionMs;
    if (LISTED.includes(record.owner)) this.listed.add(record.key);
    else this.listed.delete(record.key);
  }

  async listConversations(owners: Owner[]): Promise<ConversationRecord[]> {
    const keys = owners.every((o) => LISTED.includes(o)) ? this.listed : this.conversations.keys();
    const records: ConversationRecord[] = [];
    for (const key of keys) {
      const raw = this.recordOf(key);
      // The record of a listed key has expired: the key leaves the list.
      if (raw === undefined) this.listed.delete(key);
      else records.push(restoredRecord(raw, key));
    }
    return records.filter((r) => owners.includes(r.owner));
  }

  async appendTranscript(key: string, entry: TranscriptEntry): Promise<void> {
    const kept = this.kept(key);
    const now = this.now();
    const log = appended(kept.transcriptUntil > now ? (kept.transcript ?? []) : [], keptEntry(entry));
    if (log.length > MAX_TRANSCRIPT) log.splice(0, log.length - MAX_TRANSCRIPT);
    kept.transcript = log;
    kept.transcriptUntil = now + this.retentionMs;
  }

  async readTranscript(key: string, limit = MAX_TRANSCRIPT): Promise<TranscriptEntry[]> {
    const kept = this.conversations.get(key);
    return kept?.transcript && kept.transcriptUntil > this.now() ? kept.transcript.slice(-limit) : [];
  }

  async createTicket(key: string, message: string, at: number): Promise<Ticket> {
    this.ticketSeq += 1;
    const ticket: Ticket = { number: ticketNumber(at, this.ticketSeq), key, createdAt: at, message, status: 'open' };
    this.tickets.set(ticket.number, ticket, this.retentionMs);
    return { ...ticket };
  }

  async getTicket(number: string): Promise<Ticket | undefined> {
    const ticket = this.tickets.get(number);
    return ticket && { ...ticket };
  }

  async saveTicket(ticket: Ticket): Promise<void> {
    this.tickets.set(ticket.number, { ...ticket }, this.retentionMs);
  }

  async listTickets(status?: Ticket['status']): Promise<Ticket[]> {
    return [...this.tickets.values()].filter((t) => !status || t.status === status).map((t) => ({ ...t }));
  }

  async recordWait(ms: number): Promise<void> {
    this.waits.unshift(ms);
    this.waits.length = Math.min(this.waits.length, MAX_WAITS);
  }

  async recentWaits(): Promise<number[]> {
    return [...this.waits];
  }

  /** The conversation's record as stored, unless it has expired. */
  private recordOf(key: string): string | undefined {
    const kept = this.conversations.get(key);
    return kept && kept.recordUntil > this.now() ? kept.record : undefined;
  }

  /** The conversation's entry, made if there is none; every thousandth write, entries wholly expired go. */
  private kept(key: string): Kept {
    if (++this.writes % 1000 === 0) this.sweep();
    let kept = this.conversations.get(key);
    if (!kept) {
      kept = new Kept();
      this.conversations.set(flat(key), kept);
    }
    return kept;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, kept] of this.conversations) {
      if (kept.recordUntil <= now) kept.record = undefined;
      if (kept.transcriptUntil <= now) kept.transcript = undefined;
      if (kept.record === undefined && kept.transcript === undefined) this.conversations.delete(key);
    }
  }
}

/** `LYN-261123-0007`: the date makes numbers readable over the phone, the sequence keeps them unique. */
export function ticketNumber(at: number, seq: number): string {
  const date = new Date(at).toISOString().slice(2, 10).replace(/-/g, '');
  return `LYN-${date}-${String(seq).padStart(4, '0')}`;
}

/**
 * The entry as kept: one that says no more than who wrote what, when (the bot's answers, system notes)
 * without the five empty fields an entry is made with, 56 bytes instead of 96 for each. Two shapes, each
 * always built the same way, so that entries share their hidden classes.
 */
function keptEntry(entry: TranscriptEntry): TranscriptEntry {
  const { at, author, channel, text, name, attachments, intent, confidence, service } = entry;
  const plain = name === undefined && attachments === undefined && intent === undefined && confidence === undefined && service === undefined;
  if (!plain) return entry;
  // The bot's answers are mostly the same few texts, some of them put together afresh for each turn.
  return { at, author, channel, text: author === 'bot' ? botTexts.share(text) : text };
}

/** One copy of each answer the bot gives, shared by the transcripts that hold it. */
const botTexts = new TextPool();
