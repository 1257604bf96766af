import { describe, expect, it } from 'vitest';
import { ExpiringMap } from '../../bot/expiring-map.js';
import { MemoryHandoffStore } from '../../bot/handoff/memory-store.js';
import type { ConversationRecord, TranscriptEntry } from '../../bot/handoff/types.js';
import { ETagConflictError } from '../../bot/state.js';
import { MemoryStateStorage } from '../../bot/store/memory-state-storage.js';

const DAY = 86_400_000;

/** A clock the test moves by hand. */
function clock(start = Date.UTC(2026, 10, 24)) {
  const c = { now: start, tick: (ms: number) => (c.now += ms), read: () => c.now };
  return c;
}

describe('ExpiringMap', () => {
  it('forgets an entry the TTL after it was last set', () => {
    const time = clock();
    const map = new ExpiringMap<number>(time.read);
    map.set('a', 1, DAY);
    map.set('b', 2, DAY);
    time.tick(DAY / 2);
    map.set('a', 10, DAY); // written again: a new day starts for it
    time.tick(DAY / 2);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(10);
    expect([...map.values()]).toEqual([10]);
    time.tick(DAY);
    map.set('c', 3, DAY);
    expect([...map.values()]).toEqual([3]);
  });
});

describe('the in-memory handoff store', () => {
  const record = (key: string, at: number, owner: ConversationRecord['owner'] = 'bot'): ConversationRecord => ({
    key,
    channelId: 'webchat',
    reference: { conversation: { id: key } as never },
    owner,
    lastCitizenAt: at,
  });

  it('forgets records, transcripts and tickets not written for the retention period, as Redis does', async () => {
    const time = clock();
    const store = new MemoryHandoffStore({ retentionMs: 30 * DAY, now: time.read });
    await store.saveConversation(record('webchat/old', time.now));
    await store.appendTranscript('webchat/old', { at: time.now, author: 'citizen', channel: 'webchat', text: 'halo' });
    const ticket = await store.createTicket('webchat/old', 'tolong', time.now);
    time.tick(20 * DAY);
    await store.saveConversation(record('webchat/busy', time.now));
    await store.appendTranscript('webchat/busy', { at: time.now, author: 'citizen', channel: 'webchat', text: 'syarat ktp' });
    time.tick(15 * DAY);
    await store.appendTranscript('webchat/busy', { at: time.now, author: 'bot', channel: 'webchat', text: 'Syarat KTP' });

    expect(await store.getConversation('webchat/old')).toBeUndefined();
    expect(await store.readTranscript('webchat/old')).toEqual([]);
    expect(await store.getTicket(ticket.number)).toBeUndefined();
    expect(await store.listTickets()).toEqual([]);
    // Written 15 days ago (record) and just now (transcript): both kept, the transcript whole.
    expect((await store.getConversation('webchat/busy'))?.key).toBe('webchat/busy');
    expect((await store.listConversations(['bot'])).map((r) => r.key)).toEqual(['webchat/busy']);
    expect((await store.readTranscript('webchat/busy')).map((e) => e.text)).toEqual(['syarat ktp', 'Syarat KTP']);
  });

  it('lets a record and its transcript expire each on its own, as two Redis keys do', async () => {
    const time = clock();
    const store = new MemoryHandoffStore({ retentionMs: 30 * DAY, now: time.read });
    await store.saveConversation(record('webchat/a', time.now));
    await store.appendTranscript('webchat/a', { at: time.now, author: 'citizen', channel: 'webchat', text: 'halo' });
    time.tick(20 * DAY);
    await store.appendTranscript('webchat/a', { at: time.now, author: 'bot', channel: 'webchat', text: 'Halo!' });
    time.tick(15 * DAY);
    expect(await store.getConversation('webchat/a')).toBeUndefined();
    expect((await store.readTranscript('webchat/a')).map((e) => e.text)).toEqual(['halo', 'Halo!']);
    await store.saveConversation(record('webchat/a', time.now, 'queued'));
    time.tick(20 * DAY);
    expect(await store.readTranscript('webchat/a')).toEqual([]);
    expect((await store.listConversations(['queued'])).map((r) => r.key)).toEqual(['webchat/a']);
    // A transcript begun after the old one expired holds only what came since.
    await store.appendTranscript('webchat/a', { at: time.now, author: 'citizen', channel: 'webchat', text: 'lagi' });
    expect((await store.readTranscript('webchat/a')).map((e) => e.text)).toEqual(['lagi']);
  });

  it('reads back what each transcript entry said, plain or with what the bot understood', async () => {
    const store = new MemoryHandoffStore();
    const entries: TranscriptEntry[] = [
      { at: 1, author: 'citizen', channel: 'webchat', text: 'syarat ktp', intent: 'ask_requirements', confidence: 0.93, service: 'ktp-el' },
      { at: 2, author: 'bot', channel: 'webchat', text: 'Persyaratan KTP-el: …' },
      { at: 3, author: 'officer', name: 'budi', channel: 'webchat', text: 'Halo, saya Budi.' },
      { at: 4, author: 'citizen', channel: 'webchat', text: '', attachments: [{ contentType: 'image/jpeg', name: 'ktp.jpg' }] },
    ];
    for (const entry of entries) await store.appendTranscript('webchat/e', { ...entry });
    const read = await store.readTranscript('webchat/e');
    expect(read).toStrictEqual(entries.map((e) => ({ ...e })));
  });

  it('lists the queue without conversations whose records have expired', async () => {
    const time = clock();
    const store = new MemoryHandoffStore({ retentionMs: 30 * DAY, now: time.read });
    await store.saveConversation(record('webchat/waited-long-ago', time.now, 'queued'));
    time.tick(20 * DAY);
    await store.saveConversation(record('webchat/waiting', time.now, 'queued'));
    await store.saveConversation(record('webchat/with-budi', time.now, 'officer'));
    expect((await store.listConversations(['queued', 'officer'])).map((r) => r.key).sort()).toEqual(['webchat/waited-long-ago', 'webchat/waiting', 'webchat/with-budi']);
    time.tick(15 * DAY);
    await store.saveConversation(record('webchat/with-budi', time.now, 'closed'));
    expect((await store.listConversations(['queued'])).map((r) => r.key)).toEqual(['webchat/waiting']);
    expect((await store.listConversations(['officer'])).map((r) => r.key)).toEqual([]);
    expect((await store.listConversations(['queued', 'closed'])).map((r) => r.key).sort()).toEqual(['webchat/waiting', 'webchat/with-budi']);
  });
});

describe('the in-memory bot state', () => {
  it('refuses a write with an eTag that is no longer current, and hands out copies', async () => {
    const storage = new MemoryStateStorage(DAY);
    await storage.write({ k: { memory: { count: 1 } } });
    const first = (await storage.read(['k'])).k!;
    const second = (await storage.read(['k'])).k!;
    first.memory.count = 2;
    expect(second.memory.count).toBe(1);
    await storage.write({ k: first });
    await expect(storage.write({ k: second })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k'])).k!.memory).toEqual({ count: 2 });
    // "*" writes regardless, as with botbuilder's MemoryStorage.
    await storage.write({ k: { memory: { count: 3 }, eTag: '*' } });
    expect((await storage.read(['k'])).k!.memory).toEqual({ count: 3 });
  });

  it('forgets a conversation’s state the retention period after its last write', async () => {
    const time = clock();
    const storage = new MemoryStateStorage(30 * DAY, time.read);
    await storage.write({ quiet: { memory: 1 }, active: { memory: 1 } });
    time.tick(29 * DAY);
    await storage.write({ active: { memory: 2, eTag: '*' } });
    time.tick(2 * DAY);
    expect(Object.keys(await storage.read(['quiet', 'active']))).toEqual(['active']);
  });
});
