import { appended } from '../appended.js';
import { ExpiringMap } from '../expiring-map.js';
import { LISTED, type ConversationRecord, type HandoffStore, type Owner, type Ticket, type TranscriptEntry } from './types.js';

const MAX_TRANSCRIPT = 2000;
const MAX_WAITS = 50;

export interface MemoryHandoffStoreOptions {
  /** Records, transcripts and tickets are forgotten this long after they were last written (as in Redis). */
  retentionMs?: number;
  now?: () => number;
}

/**
 * The zero-setup store: everything lives in this process and is lost when it stops. Like the Redis
 * store, it forgets what has not been written for the retention period, and keeps the keys of the
 * conversations the console lists apart, so that listing them does not read every record.
 */
export class MemoryHandoffStore implements HandoffStore {
  readonly announces = false;
  private readonly conversations: ExpiringMap<ConversationRecord>;
  private readonly listed = new Set<string>();
  private readonly transcripts: ExpiringMap<TranscriptEntry[]>;
  private readonly tickets: ExpiringMap<Ticket>;
  private readonly retentionMs: number;
  private readonly waits: number[] = [];
  private ticketSeq = 0;

  constructor(options: MemoryHandoffStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? 30 * 86_400_000;
    this.conversations = new ExpiringMap(options.now);
    this.transcripts = new ExpiringMap(options.now);
    this.tickets = new ExpiringMap(options.now);
  }

  async getConversation(key: string): Promise<ConversationRecord | undefined> {
    const record = this.conversations.get(key);
    return record && copy(record);
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    this.conversations.set(record.key, copy(record), this.retentionMs);
    if (LISTED.includes(record.owner)) this.listed.add(record.key);
    else this.listed.delete(record.key);
  }

  async listConversations(owners: Owner[]): Promise<ConversationRecord[]> {
    const records = owners.every((o) => LISTED.includes(o)) ? this.listedRecords() : [...this.conversations.values()];
    return records.filter((r) => owners.includes(r.owner)).map(copy);
  }

  /** The records of the conversations the console lists; keys whose records have expired are dropped. */
  private listedRecords(): ConversationRecord[] {
    const records: ConversationRecord[] = [];
    for (const key of this.listed) {
      const record = this.conversations.get(key);
      if (record === undefined) this.listed.delete(key);
      else records.push(record);
    }
    return records;
  }

  async appendTranscript(key: string, entry: TranscriptEntry): Promise<void> {
    const log = appended(this.transcripts.get(key) ?? [], kept(entry));
    if (log.length > MAX_TRANSCRIPT) log.splice(0, log.length - MAX_TRANSCRIPT);
    this.transcripts.set(key, log, this.retentionMs);
  }

  async readTranscript(key: string, limit = MAX_TRANSCRIPT): Promise<TranscriptEntry[]> {
    return (this.transcripts.get(key) ?? []).slice(-limit);
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
}

/** `LYN-261123-0007`: the date makes numbers readable over the phone, the sequence keeps them unique. */
export function ticketNumber(at: number, seq: number): string {
  const date = new Date(at).toISOString().slice(2, 10).replace(/-/g, '');
  return `LYN-${date}-${String(seq).padStart(4, '0')}`;
}

/**
 * A record's only nested object is its reference; copying both costs far less than structuredClone.
 * Object.assign rather than spreads: on Node 20 a spread copy whose property is then replaced by
 * another spread copy gets a hidden class of its own (see withId in the web chat's activity store).
 * (Kept as one string in the Redis form, a record took about 200 bytes less, but reading and writing it
 * cost about 11 µs more per message: BENCHMARKS.md, tenth round.)
 */
function copy(record: ConversationRecord): ConversationRecord {
  const copied = Object.assign({}, record);
  copied.reference = Object.assign({}, record.reference);
  return copied;
}

/**
 * The entry as kept: one that says no more than who wrote what, when (the bot's answers, system notes)
 * without the five empty fields an entry is made with, 56 bytes instead of 96 for each. Two shapes, each
 * always built the same way, so that entries share their hidden classes.
 */
function kept(entry: TranscriptEntry): TranscriptEntry {
  const { at, author, channel, text, name, attachments, intent, confidence, service } = entry;
  const plain = name === undefined && attachments === undefined && intent === undefined && confidence === undefined && service === undefined;
  return plain ? { at, author, channel, text } : entry;
}
