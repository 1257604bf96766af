import { ticketNumber } from '../handoff/memory-store.js';
import type { ConversationRecord, HandoffStore, Owner, Ticket, TranscriptEntry } from '../handoff/types.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

const MAX_TRANSCRIPT = 2000;
const MAX_WAITS = 50;
/** Owners that the console lists; the set of those conversations is kept apart for fast listing. */
const LISTED: Owner[] = ['queued', 'officer'];

/**
 * The handoff's state in Redis: conversation records (JSON strings), transcripts (lists), tickets
 * (JSON + a sorted index) and recent waits. Everything expires after the retention period; the
 * indexes and counters too, counted from their last write.
 */
export class RedisHandoffStore implements HandoffStore {
  private readonly ttl: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
  ) {
    this.ttl = Math.round(retentionDays * 86400);
  }

  async getConversation(key: string): Promise<ConversationRecord | undefined> {
    const raw = await this.redis.get(this.keys.key('conv', key));
    return raw ? (JSON.parse(raw) as ConversationRecord) : undefined;
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    const multi = this.redis.multi().set(this.keys.key('conv', record.key), JSON.stringify(record), { EX: this.ttl });
    if (LISTED.includes(record.owner)) multi.sAdd(this.keys.key('listed'), record.key).expire(this.keys.key('listed'), this.ttl);
    else multi.sRem(this.keys.key('listed'), record.key);
    await multi.exec();
  }

  async listConversations(owners: Owner[]): Promise<ConversationRecord[]> {
    const keys = owners.every((o) => LISTED.includes(o))
      ? await this.redis.sMembers(this.keys.key('listed'))
      : await this.scanConversationKeys();
    if (keys.length === 0) return [];
    const raws = await this.redis.mGet(keys.map((k) => this.keys.key('conv', k)));
    const records = raws.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as ConversationRecord);
    const stale = keys.filter((_, i) => raws[i] === null);
    if (stale.length > 0) await this.redis.sRem(this.keys.key('listed'), stale);
    return records.filter((r) => owners.includes(r.owner));
  }

  async appendTranscript(key: string, entry: TranscriptEntry): Promise<void> {
    const list = this.keys.key('transcript', key);
    await this.redis
      .multi()
      .rPush(list, JSON.stringify(entry))
      .lTrim(list, -MAX_TRANSCRIPT, -1)
      .expire(list, this.ttl)
      .exec();
  }

  async readTranscript(key: string, limit = MAX_TRANSCRIPT): Promise<TranscriptEntry[]> {
    const raws = await this.redis.lRange(this.keys.key('transcript', key), -limit, -1);
    return raws.map((r) => JSON.parse(r) as TranscriptEntry);
  }

  async createTicket(key: string, message: string, at: number): Promise<Ticket> {
    const [seq] = await this.redis.multi().incr(this.keys.key('ticket-seq')).expire(this.keys.key('ticket-seq'), this.ttl).exec();
    const ticket: Ticket = { number: ticketNumber(at, Number(seq)), key, createdAt: at, message, status: 'open' };
    await this.saveTicket(ticket);
    return ticket;
  }

  async getTicket(number: string): Promise<Ticket | undefined> {
    const raw = await this.redis.get(this.keys.key('ticket', number));
    return raw ? (JSON.parse(raw) as Ticket) : undefined;
  }

  async saveTicket(ticket: Ticket): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.key('ticket', ticket.number), JSON.stringify(ticket), { EX: this.ttl })
      .zAdd(this.keys.key('tickets'), { score: ticket.createdAt, value: ticket.number })
      .expire(this.keys.key('tickets'), this.ttl)
      .exec();
  }

  async listTickets(status?: Ticket['status']): Promise<Ticket[]> {
    const numbers = await this.redis.zRange(this.keys.key('tickets'), 0, -1);
    if (numbers.length === 0) return [];
    const raws = await this.redis.mGet(numbers.map((n) => this.keys.key('ticket', n)));
    const expired = numbers.filter((_, i) => raws[i] === null);
    if (expired.length > 0) await this.redis.zRem(this.keys.key('tickets'), expired);
    return raws
      .filter((r): r is string => typeof r === 'string')
      .map((r) => JSON.parse(r) as Ticket)
      .filter((t) => !status || t.status === status);
  }

  async recordWait(ms: number): Promise<void> {
    const list = this.keys.key('waits');
    await this.redis.multi().lPush(list, String(ms)).lTrim(list, 0, MAX_WAITS - 1).expire(list, this.ttl).exec();
  }

  async recentWaits(): Promise<number[]> {
    return (await this.redis.lRange(this.keys.key('waits'), 0, -1)).map(Number);
  }

  private async scanConversationKeys(): Promise<string[]> {
    const prefix = this.keys.key('conv', '');
    const found: string[] = [];
    for await (const batch of this.redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      found.push(...batch.map((k) => k.slice(prefix.length)));
    }
    return found;
  }
}
