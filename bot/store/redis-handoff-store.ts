import { ticketNumber } from '../handoff/memory-store.js';
import {
  LISTED,
  splitConversationKey,
  type ConversationRecord,
  type HandoffEvent,
  type HandoffStore,
  type Owner,
  type Ticket,
  type TranscriptEntry,
} from '../handoff/types.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { packText, unpackText } from './text-codec.js';
import { restoredRecord, storedRecord } from '../handoff/stored-record.js';
import { LuaScript } from './script.js';

const MAX_TRANSCRIPT = 2000;
const MAX_WAITS = 50;
/** Texts from this length on (bot answers, mostly) are kept packed in the transcript. */
const LONG_TEXT = 200;

// Trimming is needed only once the list is full: RPUSH tells its length. ARGV[4] and ARGV[5], when given,
// are the live events channel and the entry's event, published once the entry is stored.
const APPEND_TRANSCRIPT = new LuaScript(`
local len = redis.call('RPUSH', KEYS[1], ARGV[1])
if len > tonumber(ARGV[2]) then redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
if ARGV[5] then redis.call('PUBLISH', ARGV[4], ARGV[5]) end`);

export interface RedisHandoffStoreOptions {
  /**
   * The live events channel (the `HandoffEvent` bus): each transcript entry is announced there by its
   * append, which saves a command per entry, and a console that hears of it finds it stored.
   */
  announceOn?: string;
}

/**
 * The handoff's state in Redis: conversation records (JSON strings), transcripts (lists), tickets
 * (JSON + a sorted index) and recent waits. Everything expires after the retention period; the
 * indexes and counters too, counted from their last write. Records and transcript entries leave out
 * what their key already says (see `storedRecord`, `storedEntry`).
 */
export class RedisHandoffStore implements HandoffStore {
  readonly announces: boolean;
  private readonly ttl: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
    private readonly options: RedisHandoffStoreOptions = {},
  ) {
    this.ttl = Math.round(retentionDays * 86400);
    this.announces = options.announceOn !== undefined;
  }

  async getConversation(key: string): Promise<ConversationRecord | undefined> {
    const raw = await this.redis.get(this.keys.key('conv', key));
    return raw ? restoredRecord(raw, key) : undefined;
  }

  async saveConversation(record: ConversationRecord, previous?: ConversationRecord): Promise<void> {
    const value = storedRecord(record);
    // A conversation that was and stays off the console's list leaves the list as it is.
    if (previous && !LISTED.includes(previous.owner) && !LISTED.includes(record.owner)) {
      await this.redis.set(this.keys.key('conv', record.key), value, { EX: this.ttl });
      return;
    }
    const multi = this.redis.multi().set(this.keys.key('conv', record.key), value, { EX: this.ttl });
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
    const records = keys.flatMap((key, i) => (typeof raws[i] === 'string' ? [restoredRecord(raws[i], key)] : []));
    const stale = keys.filter((_, i) => raws[i] === null);
    if (stale.length > 0) await this.redis.sRem(this.keys.key('listed'), stale);
    return records.filter((r) => owners.includes(r.owner));
  }

  async appendTranscript(key: string, entry: TranscriptEntry): Promise<void> {
    await APPEND_TRANSCRIPT.run(this.redis, {
      keys: [this.keys.key('transcript', key)],
      arguments: [
        storedEntry(entry, key),
        String(MAX_TRANSCRIPT),
        String(this.ttl),
        ...(this.options.announceOn === undefined ? [] : [this.options.announceOn, JSON.stringify({ type: 'message', key, entry } satisfies HandoffEvent)]),
      ],
    });
  }

  async readTranscript(key: string, limit = MAX_TRANSCRIPT): Promise<TranscriptEntry[]> {
    const raws = await this.redis.lRange(this.keys.key('transcript', key), -limit, -1);
    return raws.map((r) => restoredEntry(r, key));
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

/** A transcript entry without its channel when it is the conversation's, its text packed when long. */
function storedEntry(entry: TranscriptEntry, key: string): string {
  const { channel, text, ...rest } = entry;
  const packed = text.length >= LONG_TEXT ? packText(text) : undefined;
  return JSON.stringify({
    ...rest,
    ...(channel === splitConversationKey(key).channelId ? {} : { channel }),
    ...(packed === undefined ? { text } : { z: packed }),
  });
}

function restoredEntry(raw: string, key: string): TranscriptEntry {
  const { z, ...entry } = JSON.parse(raw) as Partial<TranscriptEntry> & { z?: string };
  return { channel: splitConversationKey(key).channelId, ...entry, ...(z === undefined ? {} : { text: unpackText(z) }) } as TranscriptEntry;
}
