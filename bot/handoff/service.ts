import { MessageFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder-core';
import type { Logger } from 'pino';
import type { HandoffPort } from '../../dialogs/handoff.js';
import type { Replies } from '../../dialogs/replies.js';
import { MemoryBus, type Bus } from '../store/bus.js';
import { formatOpeningRelative, type OfficeHours } from '../hours/index.js';
import { HandoffError, type OfficerDesk, type QueueItem } from './api.js';
import { conversationKey, type AttachmentInfo, type Author, type ConversationRecord, type HandoffEvent, type HandoffStore, type Ticket, type TranscriptEntry } from './types.js';

export interface HandoffDeps {
  store: HandoffStore;
  hours: OfficeHours;
  replies: Replies;
  logger: Logger;
  /** Live events for consoles, on every instance. */
  events?: Bus<HandoffEvent>;
  /** Sends activities to a citizen through the channel they used. */
  deliver: (reference: Partial<ConversationReference>, activities: Partial<Activity>[]) => Promise<unknown>;
  now?: () => number;
}

export interface CitizenMessage {
  text: string;
  attachments: AttachmentInfo[];
}

const MAX_RELAYED_TEXT = 4000;
const TURN_RECORD = Symbol('layani.handoffRecord');
const READING = Symbol('layani.handoffRecord.reading');

/** The citizen's record during their turn: as the turn sees it, and as the store holds it (if at all). */
interface TurnRecord {
  record: ConversationRecord;
  stored?: ConversationRecord;
}


/**
 * One owner per conversation: the bot, the queue, or one officer. Citizens reach officers in operating
 * hours and leave messages (tickets) outside them; officers work the queue through `OfficerDesk`.
 */
export class HandoffService implements HandoffPort, OfficerDesk {
  private readonly events: Bus<HandoffEvent>;
  private readonly now: () => number;

  constructor(private readonly deps: HandoffDeps) {
    this.now = deps.now ?? Date.now;
    this.events = deps.events ?? new MemoryBus();
  }

  // ── citizen side ────────────────────────────────────────────────────────────

  /** Starts reading the turn's record early (with the turn lock, in one round trip), once; intercept() takes it. */
  prefetch(context: TurnContext): void {
    if (context.turnState.has(READING)) return;
    const reading = this.readRecord(context);
    reading.catch(() => undefined); // intercept() awaits it
    context.turnState.set(READING, reading);
  }

  /** Drops a record read early: it may be out of date (the lock was not free when it was read). */
  forget(context: TurnContext): void {
    context.turnState.delete(READING);
  }

  /**
   * Runs before the bot on every citizen message. Returns false when the bot answers it; otherwise the
   * message was handled here (queued, with an officer, leaving a message, rating), with the writes still
   * under way, if any (see TurnGate).
   */
  async intercept(context: TurnContext, message: CitizenMessage): Promise<false | { writing?: Promise<unknown> }> {
    const { record, stored } = await ((context.turnState.get(READING) as Promise<TurnRecord> | undefined) ?? this.readRecord(context));
    const { replies } = this.deps;
    if (record.owner === 'queued' || record.owner === 'officer') {
      if (record.owner === 'queued' && this.isCancel(message.text)) {
        await this.save({ ...record, owner: 'bot', queuedAt: undefined });
        await this.citizenSaid(record, message);
        await this.say(record, replies.text('queueLeft'), [], context);
        return {};
      }
      // Only where and when the citizen last wrote changed: saved without a live event. The turn frees
      // its lock right behind these writes, so that no instance can die between them and the release.
      return { writing: Promise.all([this.deps.store.saveConversation(record, stored), this.citizenSaid(record, message)]) };
    }
    if (record.pending === 'leave_message') {
      await this.citizenSaid(record, message);
      if (this.isCancel(message.text)) {
        await this.save({ ...record, pending: undefined });
        await this.say(record, replies.text('leaveMessageCancelled'), [], context);
        return {};
      }
      const ticket = await this.openTicket(record, describe(message));
      await this.say(record, replies.text('messageLeft', { ticket: ticket.number, opening: this.nextOpeningText() }), [], context);
      return {};
    }
    let turn: TurnRecord = { record, stored };
    if (record.pending === 'rating') {
      const score = /^\s*([1-5])\s*$/.exec(message.text)?.[1];
      const forBot: ConversationRecord = { ...record, pending: undefined, owner: 'bot', rating: score ? Number(score) : record.rating };
      await this.save(forBot);
      if (score) {
        await this.citizenSaid(record, message);
        await this.say(record, replies.text('ratingThanks'), [], context);
        return {};
      }
      turn = { record: forBot, stored: forBot };
    } else if (record.owner === 'closed') {
      const forBot: ConversationRecord = { ...record, owner: 'bot' };
      await this.save(forBot);
      turn = { record: forBot, stored: forBot };
    }
    // The bot takes this turn: recordUnderstood() saves the record, once, with what the bot understood.
    context.turnState.set(TURN_RECORD, turn);
    return false;
  }

  /** Records a citizen message the bot handles, with what the bot understood of it. */
  async recordUnderstood(
    context: TurnContext,
    message: CitizenMessage,
    understanding: { intent: string; confidence: number; service: string | null } | null,
  ): Promise<void> {
    const turn: TurnRecord = context.turnState.get(TURN_RECORD) ?? (await this.readRecord(context));
    const service = understanding?.service ?? turn.record.service;
    // What the bot understood of a conversation it owns is shown when an officer opens it; no live event.
    const record =
      understanding && (turn.record.intent !== understanding.intent || turn.record.service !== service)
        ? { ...turn.record, intent: understanding.intent, service }
        : turn.record;
    // Known to the rest of the turn at once: the turn goes on while the writes below are under way.
    context.turnState.set(TURN_RECORD, { record, stored: record });
    // The turn's one save (unless intercept() already made it), sent along with the transcript entry.
    await Promise.all([
      record === turn.stored ? undefined : this.deps.store.saveConversation(record, turn.stored),
      this.append(
        record.key,
        this.entry(record.channelId, 'citizen', message.text.slice(0, MAX_RELAYED_TEXT), {
          name: record.citizenName,
          attachments: message.attachments.length > 0 ? message.attachments : undefined,
          intent: understanding?.intent,
          confidence: understanding ? Math.round(understanding.confidence * 1000) / 1000 : undefined,
          service: understanding?.service,
        }),
      ),
    ]);
  }

  /** Every message that leaves for a citizen (bot or officer) goes into the transcript. */
  async recordOutgoing(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    const key = conversationKey(reference);
    for (const activity of activities) {
      if (activity.type !== 'message') continue;
      const author: Author = activity.from?.role === 'officer' ? 'officer' : 'bot';
      const name = author === 'officer' ? activity.from?.name : undefined;
      await this.append(key, this.entry(reference.channelId ?? 'unknown', author, activity.text ?? '', { name }));
    }
  }

  async requestOfficer(context: TurnContext): Promise<void> {
    const { record } = context.turnState.get(TURN_RECORD) ?? (await this.readRecord(context));
    const { replies } = this.deps;
    if (!this.deps.hours.isOpen(new Date(this.now()))) {
      const leaving: ConversationRecord = { ...record, pending: 'leave_message' };
      await this.save(leaving);
      context.turnState.set(TURN_RECORD, { record: leaving, stored: leaving });
      await this.say(record, replies.text('outOfHours', { opening: this.nextOpeningText() }), [replies.data.cancelLabel], context);
      return;
    }
    const queued = { ...record, owner: 'queued' as const, queuedAt: this.now(), pending: undefined };
    await this.save(queued);
    context.turnState.set(TURN_RECORD, { record: queued, stored: queued });
    const position = (await this.waiting()).findIndex((r) => r.key === record.key) + 1;
    await this.say(
      queued,
      replies.text('queueJoined', { position, wait: await this.estimateWait(position) }),
      [replies.data.cancelLabel],
      context,
    );
  }

  /**
   * Called periodically: when operating hours end, people still waiting are told and their requests
   * become tickets, so no request is silently dropped.
   */
  async sweep(): Promise<void> {
    if (this.deps.hours.isOpen(new Date(this.now()))) return;
    for (const record of await this.waiting()) {
      const transcript = await this.deps.store.readTranscript(record.key, 20);
      const asked = transcript.filter((e) => e.author === 'citizen' && e.at >= (record.queuedAt ?? 0)).map((e) => e.text);
      const ticket = await this.openTicket(
        { ...record, owner: 'bot', queuedAt: undefined },
        asked.join('\n') || 'Meminta dihubungkan dengan petugas.',
      );
      await this.say(record, this.deps.replies.text('hoursEnded', { ticket: ticket.number, opening: this.nextOpeningText() }));
    }
  }

  // ── officer side (OfficerDesk) ──────────────────────────────────────────────

  async queue(): Promise<QueueItem[]> {
    const records = await this.deps.store.listConversations(['queued', 'officer']);
    records.sort((a, b) => (a.queuedAt ?? a.claimedAt ?? 0) - (b.queuedAt ?? b.claimedAt ?? 0));
    return Promise.all(
      records.map(async (record) => ({
        record,
        waitingMs: record.owner === 'queued' && record.queuedAt ? this.now() - record.queuedAt : 0,
        preview: await this.deps.store.readTranscript(record.key, 3),
      })),
    );
  }

  async conversation(key: string): Promise<{ record: ConversationRecord; transcript: TranscriptEntry[] }> {
    const record = await this.require(key);
    return { record, transcript: await this.deps.store.readTranscript(key) };
  }

  async claim(key: string, officer: string): Promise<ConversationRecord> {
    const record = await this.require(key);
    if (record.owner === 'officer') {
      if (record.officer === officer) return record;
      throw new HandoffError('conflict', `Percakapan sudah ditangani petugas ${record.officer}.`);
    }
    if (record.queuedAt) await this.deps.store.recordWait(this.now() - record.queuedAt);
    const claimed: ConversationRecord = { ...record, owner: 'officer', officer, claimedAt: this.now(), queuedAt: undefined, pending: undefined };
    await this.save(claimed);
    await this.system(claimed, `${officer} mengambil percakapan.`);
    await this.say(claimed, this.deps.replies.text('officerJoined', { officer }));
    return claimed;
  }

  async reply(key: string, officer: string, text: string): Promise<void> {
    const body = text.trim();
    if (!body) throw new HandoffError('invalid', 'Pesan kosong.');
    let record = await this.require(key);
    if (record.owner !== 'officer' || record.officer !== officer) record = await this.claim(key, officer);
    await this.deps.deliver(record.reference, [officerMessage(officer, body)]);
  }

  async note(key: string, officer: string, text: string): Promise<void> {
    const record = await this.require(key);
    if (!text.trim()) throw new HandoffError('invalid', 'Catatan kosong.');
    await this.append(key, this.entry(record.channelId, 'note', text.trim(), { name: officer }));
  }

  async transfer(key: string, officer: string, toOfficer: string): Promise<ConversationRecord> {
    const record = await this.require(key);
    if (record.owner !== 'officer' || record.officer !== officer) {
      throw new HandoffError('forbidden', 'Hanya petugas yang menangani percakapan ini yang dapat memindahkannya.');
    }
    if (!toOfficer || toOfficer === officer) throw new HandoffError('invalid', 'Pilih petugas lain.');
    const moved = { ...record, officer: toOfficer, claimedAt: this.now() };
    await this.save(moved);
    await this.system(moved, `${officer} memindahkan percakapan ke ${toOfficer}.`);
    await this.say(moved, this.deps.replies.text('officerJoined', { officer: toOfficer }));
    return moved;
  }

  async handBack(key: string, officer: string): Promise<ConversationRecord> {
    const record = await this.requireOwned(key, officer);
    const back = { ...record, owner: 'bot' as const, officer: undefined, claimedAt: undefined };
    await this.save(back);
    await this.system(back, `${officer} mengembalikan percakapan ke asisten.`);
    await this.say(back, this.deps.replies.text('botBack'));
    return back;
  }

  async close(key: string, officer: string): Promise<ConversationRecord> {
    const record = await this.requireOwned(key, officer);
    const closed = { ...record, owner: 'closed' as const, officer: undefined, claimedAt: undefined, pending: 'rating' as const };
    await this.save(closed);
    await this.system(closed, `${officer} menutup percakapan.`);
    await this.say(closed, this.deps.replies.text('closedRating'), ['1', '2', '3', '4', '5']);
    return closed;
  }

  async typing(key: string, officer: string): Promise<void> {
    const record = await this.requireOwned(key, officer);
    await this.deps.deliver(record.reference, [{ type: 'typing', from: { id: officer, name: officer, role: 'officer' } }]);
  }

  async tickets(status?: Ticket['status']): Promise<Ticket[]> {
    const tickets = await this.deps.store.listTickets(status);
    return tickets.sort((a, b) => a.createdAt - b.createdAt);
  }

  async answerTicket(number: string, officer: string, text: string): Promise<Ticket> {
    const ticket = await this.deps.store.getTicket(number);
    if (!ticket) throw new HandoffError('not_found', `Tiket ${number} tidak ditemukan.`);
    if (ticket.status !== 'open') throw new HandoffError('conflict', `Tiket ${number} sudah dijawab.`);
    await this.reply(ticket.key, officer, text);
    const answered: Ticket = { ...ticket, status: 'answered', answeredBy: officer, answeredAt: this.now() };
    await this.deps.store.saveTicket(answered);
    const record = await this.require(ticket.key);
    if (record.ticket === number) await this.save({ ...record, ticket: undefined });
    this.emit({ type: 'ticket', ticket: answered });
    return answered;
  }

  async load(): Promise<Record<string, number>> {
    const load: Record<string, number> = {};
    for (const record of await this.deps.store.listConversations(['officer'])) {
      if (record.officer) load[record.officer] = (load[record.officer] ?? 0) + 1;
    }
    return load;
  }

  async subscribe(listener: (event: HandoffEvent) => void): Promise<() => void> {
    const unsubscribe = this.events.subscribe((event) => {
      try {
        listener(event);
      } catch (err) {
        this.deps.logger.error({ err }, 'handoff event listener failed');
      }
    });
    await this.events.settled();
    return unsubscribe;
  }

  // ── internals ───────────────────────────────────────────────────────────────

  /**
   * The citizen's record as stored, and a copy brought up to date with their message (where to reach
   * them, when they last wrote, their name); saving that copy is left to the turn, which saves once.
   */
  private async readRecord(context: TurnContext): Promise<TurnRecord> {
    const reference = TurnContext.getConversationReference(context.activity);
    const key = conversationKey(reference);
    const stored = await this.deps.store.getConversation(key);
    const record: ConversationRecord = {
      ...(stored ?? { key, channelId: reference.channelId ?? 'unknown', owner: 'bot' }),
      reference: { ...reference, activityId: undefined },
      lastCitizenAt: this.now(),
      citizenName: context.activity.from?.name || stored?.citizenName,
    };
    return { record, stored };
  }

  private async require(key: string): Promise<ConversationRecord> {
    const record = await this.deps.store.getConversation(key);
    if (!record) throw new HandoffError('not_found', 'Percakapan tidak ditemukan.');
    return record;
  }

  private async requireOwned(key: string, officer: string): Promise<ConversationRecord> {
    const record = await this.require(key);
    if (record.owner !== 'officer' || record.officer !== officer) {
      throw new HandoffError('forbidden', 'Percakapan ini tidak sedang Anda tangani.');
    }
    return record;
  }

  private async save(record: ConversationRecord): Promise<void> {
    await this.deps.store.saveConversation(record);
    this.emit({ type: 'conversation', record });
  }

  private async openTicket(record: ConversationRecord, message: string): Promise<Ticket> {
    const ticket = await this.deps.store.createTicket(record.key, message, this.now());
    await this.save({ ...record, pending: undefined, ticket: ticket.number });
    await this.system(record, `Tiket ${ticket.number} dibuat.`);
    this.emit({ type: 'ticket', ticket });
    return ticket;
  }

  private async citizenSaid(record: ConversationRecord, message: CitizenMessage): Promise<void> {
    await this.append(
      record.key,
      this.entry(record.channelId, 'citizen', message.text.slice(0, MAX_RELAYED_TEXT), {
        name: record.citizenName,
        attachments: message.attachments.length > 0 ? message.attachments : undefined,
      }),
    );
  }

  private async system(record: ConversationRecord, text: string): Promise<void> {
    await this.append(record.key, this.entry(record.channelId, 'system', text));
  }

  /**
   * A transcript entry, always with the same fields in the same order. Entries live as long as their
   * conversation: built by spreading one object into another, each got a hidden class of its own on
   * Node 20 (about 500 bytes, and work for every garbage collection; see BENCHMARKS.md, third round).
   */
  private entry(
    channel: string,
    author: Author,
    text: string,
    details: Pick<TranscriptEntry, 'name' | 'attachments' | 'intent' | 'confidence' | 'service'> = {},
  ): TranscriptEntry {
    return {
      at: this.now(),
      author,
      name: details.name,
      channel,
      text,
      attachments: details.attachments,
      intent: details.intent,
      confidence: details.confidence,
      service: details.service,
    };
  }

  private async append(key: string, entry: TranscriptEntry): Promise<void> {
    const written = this.deps.store.appendTranscript(key, entry);
    // Announced without waiting for the write (unless the store announces it with the write): on one
    // connection Redis runs both in order, so a console that hears of the entry finds it stored.
    if (!this.deps.store.announces) this.emit({ type: 'message', key, entry });
    await written;
  }

  /** Tells the citizen something: within their turn when there is one, proactively otherwise. */
  private async say(record: ConversationRecord, text: string, quickReplies: string[] = [], context?: TurnContext): Promise<void> {
    const activity = quickReplies.length > 0 ? MessageFactory.suggestedActions(quickReplies, text) : MessageFactory.text(text);
    if (context) await context.sendActivity(activity);
    else await this.deps.deliver(record.reference, [activity]);
  }

  private async waiting(): Promise<ConversationRecord[]> {
    const queued = await this.deps.store.listConversations(['queued']);
    return queued.sort((a, b) => (a.queuedAt ?? 0) - (b.queuedAt ?? 0));
  }

  /** Median of recent waits, scaled by the position in the queue. */
  private async estimateWait(position: number): Promise<string> {
    const waits = (await this.deps.store.recentWaits()).slice(0, 20).sort((a, b) => a - b);
    const { replies } = this.deps;
    if (waits.length < 3) return replies.data.waitUnknown;
    const median = waits[Math.floor(waits.length / 2)]!;
    const minutes = Math.max(1, Math.round((median * position) / 60_000));
    return replies.format(replies.data.waitMinutes, { minutes });
  }

  private nextOpeningText(): string {
    const now = new Date(this.now());
    const opening = this.deps.hours.nextOpening(now);
    return opening ? formatOpeningRelative(opening, now, this.deps.hours.timeZone) : 'pada hari kerja berikutnya';
  }

  private isCancel(text: string): boolean {
    const words = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
    return words.length > 0 && words.length <= 3 && words.some((w) => this.deps.replies.data.cancelWords.includes(w));
  }

  private emit(event: HandoffEvent): void {
    this.events.publish(event).catch((err: unknown) => this.deps.logger.warn({ err }, 'handoff event not published'));
  }
}

function officerMessage(officer: string, text: string): Partial<Activity> {
  return { type: 'message', text, from: { id: `officer:${officer}`, name: officer, role: 'officer' } };
}

function describe(message: CitizenMessage): string {
  const files = message.attachments.map((a) => `[${a.contentType}${a.name ? `: ${a.name}` : ''}]`);
  return [message.text, ...files].filter(Boolean).join('\n');
}
