import { HandoffError, type OfficerDesk, type QueueItem } from '../../../bot/handoff/api.js';
import type { AttachmentInfo, ConversationRecord, HandoffEvent, Ticket, TranscriptEntry } from '../../../bot/handoff/types.js';

/**
 * An in-memory OfficerDesk with the same rules as the handoff service (one owner, claims conflict,
 * only the holder hands back, closes, transfers, types), plus helpers for a test to play the citizen.
 */
export class TestDesk implements OfficerDesk {
  readonly records = new Map<string, ConversationRecord>();
  readonly transcripts = new Map<string, TranscriptEntry[]>();
  readonly tickets_ = new Map<string, Ticket>();
  /** What reached citizens: `[key, text]` (officer replies and typing). */
  readonly delivered: Array<{ key: string; kind: 'message' | 'typing'; text?: string; officer: string }> = [];
  private readonly listeners = new Set<(event: HandoffEvent) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  // ── test helpers: the citizen side ──

  /** A citizen asks for an officer: the conversation joins the queue after a few bot turns. */
  enqueue(key: string, options: { citizenName?: string; intent?: string; service?: string | null; history?: Array<Partial<TranscriptEntry>> } = {}): ConversationRecord {
    const channelId = key.split('/')[0] ?? 'webchat';
    const record: ConversationRecord = {
      key,
      channelId,
      reference: { channelId, conversation: { id: key.split('/')[1] ?? key } as never, user: { id: '6281234567890@c.us', name: 'secret-address' } },
      citizenName: options.citizenName,
      owner: 'queued',
      queuedAt: this.now(),
      lastCitizenAt: this.now(),
      intent: options.intent,
      service: options.service,
    };
    for (const entry of options.history ?? []) this.append(key, { at: this.now(), author: 'citizen', channel: channelId, text: '', ...entry });
    this.save(record);
    return record;
  }

  citizenSays(key: string, text: string, attachments?: AttachmentInfo[], understood: Partial<TranscriptEntry> = {}): void {
    const record = this.must(key);
    this.append(key, { at: this.now(), author: 'citizen', name: record.citizenName, channel: record.channelId, text, attachments, ...understood });
  }

  citizenTyping(key: string): void {
    this.emit({ type: 'typing', key, author: 'citizen' });
  }

  openTicket(key: string, number: string, message: string): Ticket {
    const ticket: Ticket = { number, key, createdAt: this.now(), message, status: 'open' };
    this.tickets_.set(number, ticket);
    const record = this.records.get(key);
    if (record) this.save({ ...record, ticket: number, owner: 'bot', queuedAt: undefined });
    this.emit({ type: 'ticket', ticket });
    return ticket;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  // ── OfficerDesk ──

  async queue(): Promise<QueueItem[]> {
    return [...this.records.values()]
      .filter((r) => r.owner === 'queued' || r.owner === 'officer')
      .sort((a, b) => (a.queuedAt ?? a.claimedAt ?? 0) - (b.queuedAt ?? b.claimedAt ?? 0))
      .map((record) => ({
        record,
        waitingMs: record.owner === 'queued' && record.queuedAt ? this.now() - record.queuedAt : 0,
        preview: (this.transcripts.get(record.key) ?? []).slice(-3),
      }));
  }

  async conversation(key: string) {
    return { record: this.must(key), transcript: [...(this.transcripts.get(key) ?? [])] };
  }

  async claim(key: string, officer: string): Promise<ConversationRecord> {
    const record = this.must(key);
    if (record.owner === 'officer') {
      if (record.officer === officer) return record;
      throw new HandoffError('conflict', `Percakapan sudah ditangani petugas ${record.officer}.`);
    }
    const claimed: ConversationRecord = { ...record, owner: 'officer', officer, claimedAt: this.now(), queuedAt: undefined };
    this.save(claimed);
    this.system(claimed, `${officer} mengambil percakapan.`);
    return claimed;
  }

  async reply(key: string, officer: string, text: string): Promise<void> {
    if (!text.trim()) throw new HandoffError('invalid', 'Pesan kosong.');
    let record = this.must(key);
    if (record.owner !== 'officer' || record.officer !== officer) record = await this.claim(key, officer);
    this.delivered.push({ key, kind: 'message', text, officer });
    this.append(key, { at: this.now(), author: 'officer', name: officer, channel: record.channelId, text });
  }

  async note(key: string, officer: string, text: string): Promise<void> {
    const record = this.must(key);
    this.append(key, { at: this.now(), author: 'note', name: officer, channel: record.channelId, text });
  }

  async transfer(key: string, officer: string, toOfficer: string): Promise<ConversationRecord> {
    const record = this.owned(key, officer);
    if (toOfficer === officer) throw new HandoffError('invalid', 'Pilih petugas lain.');
    const moved = { ...record, officer: toOfficer, claimedAt: this.now() };
    this.save(moved);
    this.system(moved, `${officer} memindahkan percakapan ke ${toOfficer}.`);
    return moved;
  }

  async handBack(key: string, officer: string): Promise<ConversationRecord> {
    const back: ConversationRecord = { ...this.owned(key, officer), owner: 'bot', officer: undefined, claimedAt: undefined };
    this.save(back);
    return back;
  }

  async close(key: string, officer: string): Promise<ConversationRecord> {
    const closed: ConversationRecord = { ...this.owned(key, officer), owner: 'closed', officer: undefined, pending: 'rating' };
    this.save(closed);
    return closed;
  }

  async typing(key: string, officer: string): Promise<void> {
    this.owned(key, officer);
    this.delivered.push({ key, kind: 'typing', officer });
  }

  async tickets(status?: Ticket['status']): Promise<Ticket[]> {
    return [...this.tickets_.values()].filter((t) => !status || t.status === status).sort((a, b) => a.createdAt - b.createdAt);
  }

  async answerTicket(number: string, officer: string, text: string): Promise<Ticket> {
    const ticket = this.tickets_.get(number);
    if (!ticket) throw new HandoffError('not_found', `Tiket ${number} tidak ditemukan.`);
    if (ticket.status !== 'open') throw new HandoffError('conflict', `Tiket ${number} sudah dijawab.`);
    await this.reply(ticket.key, officer, text);
    const answered: Ticket = { ...ticket, status: 'answered', answeredBy: officer, answeredAt: this.now() };
    this.tickets_.set(number, answered);
    this.emit({ type: 'ticket', ticket: answered });
    return answered;
  }

  async load(): Promise<Record<string, number>> {
    const load: Record<string, number> = {};
    for (const r of this.records.values()) if (r.owner === 'officer' && r.officer) load[r.officer] = (load[r.officer] ?? 0) + 1;
    return load;
  }

  async subscribe(listener: (event: HandoffEvent) => void): Promise<() => void> {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── internals ──

  private must(key: string): ConversationRecord {
    const record = this.records.get(key);
    if (!record) throw new HandoffError('not_found', 'Percakapan tidak ditemukan.');
    return record;
  }

  private owned(key: string, officer: string): ConversationRecord {
    const record = this.must(key);
    if (record.owner !== 'officer' || record.officer !== officer) throw new HandoffError('forbidden', 'Percakapan ini tidak sedang Anda tangani.');
    return record;
  }

  private save(record: ConversationRecord): void {
    this.records.set(record.key, record);
    this.emit({ type: 'conversation', record });
  }

  private system(record: ConversationRecord, text: string): void {
    this.append(record.key, { at: this.now(), author: 'system', channel: record.channelId, text });
  }

  private append(key: string, entry: TranscriptEntry): void {
    const list = this.transcripts.get(key) ?? [];
    list.push(entry);
    this.transcripts.set(key, list);
    this.emit({ type: 'message', key, entry });
  }

  private emit(event: HandoffEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
