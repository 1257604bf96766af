import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ConversationRecord, TranscriptEntry } from '../../bot/handoff/types.js';
import { Keys } from '../../bot/store/keys.js';
import { connectRedis, type Redis } from '../../bot/store/redis.js';
import { RedisHandoffStore } from '../../bot/store/redis-handoff-store.js';
import { RedisStateStorage } from '../../bot/store/redis-state-storage.js';
import { RedisActivityStore } from '../../channels/webchat/store/redis-activity-store.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * What Layani keeps in Redis is stored compactly (keys not repeated inside values, long texts packed);
 * what it reads back must be exactly what was written, and what older versions wrote must stay readable.
 */
const logger = pino({ level: 'silent' });
const ANSWER = [
  'Persyaratan SKCK',
  'KTP-el, Kartu Keluarga, akta lahir atau ijazah, pas foto 4x6 latar merah.',
  '• Fotokopi KTP-el dan Kartu Keluarga.',
  '• Sidik jari dari Polres (bagi pemohon baru).',
  'Sumber: Polri, layanan SKCK online (dicek 23 Nov 2026).',
].join('\n');

let server: TestRedis;
let redis: Redis;
let n = 0;
/** Each test writes under a prefix of its own. */
const freshKeys = () => new Keys(`fmt${Date.now()}-${n++}:`);
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis({ url: server.url, logger });
});
afterAll(async () => {
  await redis?.close();
  await server?.stop();
});

function webchatRecord(id: string): ConversationRecord {
  return {
    key: `webchat/${id}`,
    channelId: 'webchat',
    reference: {
      activityId: undefined,
      user: { id: 'dl_2LxQMaFlTmW_dxPG', name: 'Siti', role: 'user' },
      bot: { id: 'layani', role: 'bot' } as never,
      conversation: { id } as never,
      channelId: 'webchat',
      locale: 'id-ID',
      serviceUrl: 'https://layani.example.go.id/',
    },
    citizenName: 'Siti',
    owner: 'bot',
    lastCitizenAt: 1795471168082,
    intent: 'ask_fee',
    service: 'paspor',
  };
}

describe('conversation records', () => {
  it('read back exactly, whether or not the reference is the one the key implies', async () => {
    const keys = freshKeys();
    const store = new RedisHandoffStore(redis, keys, 1);
    const records: ConversationRecord[] = [
      webchatRecord('p3luBf0kcyRQD6V-7uzVFA'),
      { ...webchatRecord('a'), reference: { channelId: 'webchat', conversation: { id: 'webchat/a' } as never }, owner: 'queued', queuedAt: 5 },
      { key: 'undefined/x', channelId: 'unknown', reference: { user: { id: 'u' } as never }, owner: 'officer', officer: 'budi', lastCitizenAt: 1 },
      { key: 'whatsapp/628123/4', channelId: 'whatsapp', reference: { channelId: 'whatsapp', conversation: { id: '628123/4', isGroup: false } as never }, owner: 'closed', pending: 'rating', lastCitizenAt: 2 },
    ];
    for (const record of records) await store.saveConversation(record);
    for (const record of records) expect(await store.getConversation(record.key)).toStrictEqual(asJson(record));
    const listed = await store.listConversations(['bot', 'queued', 'officer', 'closed']);
    expect(listed.sort((a, b) => a.key.localeCompare(b.key))).toStrictEqual(asJson(records).sort((a, b) => a.key.localeCompare(b.key)));
    // The key is not repeated inside the value.
    expect(await redis.get(keys.key('conv', 'webchat/p3luBf0kcyRQD6V-7uzVFA'))).not.toContain('p3luBf0kcyRQD6V-7uzVFA');
  });

  it('written before (the whole record as JSON) read the same', async () => {
    const keys = freshKeys();
    const store = new RedisHandoffStore(redis, keys, 1);
    const old = { ...webchatRecord('old'), owner: 'queued' as const, queuedAt: 7 };
    await redis.set(keys.key('conv', old.key), JSON.stringify(old));
    await redis.sAdd(keys.key('listed'), old.key);
    expect(await store.getConversation(old.key)).toStrictEqual(asJson(old));
    expect(await store.listConversations(['queued'])).toStrictEqual([asJson(old)]);
  });

  it('keep the console list right when the caller says what the record was', async () => {
    const store = new RedisHandoffStore(redis, freshKeys(), 1);
    const bot = webchatRecord('c');
    await store.saveConversation(bot);
    const queued: ConversationRecord = { ...bot, owner: 'queued', queuedAt: 9 };
    await store.saveConversation(queued, bot);
    expect((await store.listConversations(['queued'])).map((r) => r.key)).toEqual(['webchat/c']);
    await store.saveConversation({ ...bot, lastCitizenAt: 10 }, queued);
    expect(await store.listConversations(['queued'])).toEqual([]);
    await store.saveConversation({ ...bot, lastCitizenAt: 11 }, bot);
    expect(await store.getConversation('webchat/c')).toMatchObject({ owner: 'bot', lastCitizenAt: 11 });
  });
});

describe('transcripts', () => {
  it('read back exactly, long texts packed; entries written before read the same', async () => {
    const keys = freshKeys();
    const store = new RedisHandoffStore(redis, keys, 1);
    const key = 'webchat/t';
    const old: TranscriptEntry = { at: 1, author: 'citizen', channel: 'webchat', text: 'tulisan lama' };
    await redis.rPush(keys.key('transcript', key), JSON.stringify(old));
    const entries: TranscriptEntry[] = [
      { at: 2, author: 'citizen', name: 'Siti', channel: 'webchat', text: 'syarat skck apa?', intent: 'ask_requirements', confidence: 0.998, service: 'skck' },
      { at: 3, author: 'bot', channel: 'webchat', text: ANSWER },
      { at: 4, author: 'officer', name: 'budi', channel: 'webchat', text: `${ANSWER}\nSaya tambahkan: datang pagi.` },
      { at: 5, author: 'citizen', channel: 'whatsapp', text: '', attachments: [{ contentType: 'image/jpeg', name: 'ktp.jpg' }] },
    ];
    for (const entry of entries) await store.appendTranscript(key, entry);
    expect(await store.readTranscript(key)).toStrictEqual([old, ...entries]);
    const raw = await redis.lRange(keys.key('transcript', key), 0, -1);
    expect(raw[2]).not.toContain('SKCK');
    expect(raw[2]!.length).toBeLessThan(JSON.stringify(entries[1]).length * 0.7);
  });
});

describe('transcript announcements', () => {
  it('publish each entry on the live events channel once it is stored, only when asked to', async () => {
    const keys = freshKeys();
    const channel = keys.key('events');
    const listener = redis.duplicate();
    await listener.connect();
    const heard: { raw: string; storedThen: number }[] = [];
    const announcing = new RedisHandoffStore(redis, keys, 1, { announceOn: channel });
    const silent = new RedisHandoffStore(redis, keys, 1);
    try {
      await listener.subscribe(channel, (raw) => {
        // What a console does on hearing of an entry: read the transcript (here, its length).
        void redis.lLen(keys.key('transcript', 'webchat/e')).then((storedThen) => heard.push({ raw, storedThen }));
      });
      expect(announcing.announces).toBe(true);
      expect(silent.announces).toBe(false);
      const entry: TranscriptEntry = { at: 6, author: 'bot', channel: 'webchat', text: ANSWER, intent: 'ask_fee' };
      await announcing.appendTranscript('webchat/e', entry);
      await silent.appendTranscript('webchat/e', { ...entry, at: 7 });
      await announcing.appendTranscript('webchat/e', { ...entry, at: 8, author: 'officer', name: 'budi' });
      await expect.poll(() => heard.length).toBe(2);
      expect(heard.map((h) => JSON.parse(h.raw))).toStrictEqual([
        { type: 'message', key: 'webchat/e', entry },
        { type: 'message', key: 'webchat/e', entry: { ...entry, at: 8, author: 'officer', name: 'budi' } },
      ]);
      expect(heard[0]!.storedThen).toBeGreaterThanOrEqual(1);
      expect((await announcing.readTranscript('webchat/e')).map((e) => e.at)).toEqual([6, 7, 8]);
    } finally {
      await listener.close();
    }
  });
});

describe('the Direct Line log', () => {
  const meta = (id: string) => ({ id, userId: 'dl_u', createdAt: 1, started: true, lastActivityAt: 1 });

  it('reads entries written before together with new ones, ids and watermarks in order', async () => {
    const keys = freshKeys();
    const store = new RedisActivityStore(redis, keys, 1);
    await store.createConversation(meta('dl1'));
    const old = { type: 'message', text: 'lama', channelId: 'webchat', conversation: { id: 'dl1' }, timestamp: '2026-11-23T21:59:28.080Z' };
    await redis.rPush(keys.key('dl', 'log', 'dl1'), JSON.stringify(old));
    const added = await store.append('dl1', [{ type: 'message', text: 'baru', from: { id: 'dl_u', role: 'user' }, conversation: { id: 'dl1' } }]);
    expect(added.activities.map((a) => a.id)).toEqual(['dl1|0000002']);
    expect(await store.readSince('dl1')).toStrictEqual({
      activities: [
        { ...old, id: 'dl1|0000001' },
        { type: 'message', text: 'baru', from: { id: 'dl_u', role: 'user' }, conversation: { id: 'dl1' }, id: 'dl1|0000002' },
      ],
      watermark: 2,
    });
  });

  it('refuses a conversation it does not know', async () => {
    const store = new RedisActivityStore(redis, freshKeys(), 1);
    await expect(store.append('nobody', [{ type: 'message', text: 'x' }])).rejects.toThrow(/Unknown conversation nobody/);
  });

  it('keeps counting ids once the oldest activities are trimmed', async () => {
    const store = new RedisActivityStore(redis, freshKeys(), 1, { maxActivities: 3 });
    await store.createConversation(meta('dl2'));
    for (let i = 1; i <= 5; i++) await store.append('dl2', [{ type: 'message', text: String(i) }]);
    const all = await store.readSince('dl2');
    expect(all.activities.map((a) => [a.id, a.text])).toEqual([
      ['dl2|0000003', '3'],
      ['dl2|0000004', '4'],
      ['dl2|0000005', '5'],
    ]);
    expect(all.watermark).toBe(5);
    expect((await store.readSince('dl2', 4)).activities.map((a) => a.text)).toEqual(['5']);
  });

  it('announces what it appends on the relay channel, with the ids it gave', async () => {
    const keys = freshKeys();
    const channel = keys.key('webchat');
    const store = new RedisActivityStore(redis, keys, 1, { announceOn: channel });
    await store.createConversation(meta('dl3'));
    const subscriber = redis.duplicate();
    await subscriber.connect();
    const heard: unknown[] = [];
    await subscriber.subscribe(channel, (message) => heard.push(JSON.parse(message)));
    try {
      const activities = [{ type: 'message', text: 'a "quoted" \\ text', id: 'ignored' }, { type: 'typing' }];
      const set = await store.append('dl3', activities);
      await expect.poll(() => heard.length).toBe(1);
      expect(heard[0]).toStrictEqual({ conversationId: 'dl3', activities: asJson(set.activities) });
      expect(set.activities.map((a) => a.id)).toEqual(['dl3|0000001', 'dl3|0000002']);
    } finally {
      await subscriber.close();
    }
  });

  it('keeps conversation metadata compact and reads older metadata the same', async () => {
    const keys = freshKeys();
    const store = new RedisActivityStore(redis, keys, 1);
    await store.createConversation({ id: 'm1', createdAt: 5, started: false, lastActivityAt: 5 });
    await store.updateConversation('m1', { started: true, lastActivityAt: 9 });
    expect(await store.getConversation('m1')).toStrictEqual({ id: 'm1', createdAt: 5, started: true, lastActivityAt: 9 });
    await store.createConversation(meta('m2'));
    expect(await store.getConversation('m2')).toStrictEqual(meta('m2'));
    expect(await redis.get(keys.key('dl', 'meta', 'm2'))).not.toContain('m2');
    await redis.set(keys.key('dl', 'meta', 'm3'), JSON.stringify(meta('m3')));
    expect(await store.getConversation('m3')).toStrictEqual(meta('m3'));
  });
});

describe('bot state', () => {
  it('reads state written before (a hash) and replaces it on the next write, eTags still checked', async () => {
    const keys = freshKeys();
    const storage = new RedisStateStorage(redis, keys, 1);
    const key = 'webchat/conversations/s/';
    await redis.hSet(keys.key('state', key), { etag: 'old-etag', doc: JSON.stringify({ memory: { misses: 1 } }) });
    const read = (await storage.read([key]))[key];
    expect(read).toStrictEqual({ memory: { misses: 1 }, eTag: 'old-etag' });
    await expect(storage.write({ [key]: { memory: { misses: 9 }, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
    await storage.write({ [key]: { ...read, memory: { misses: 2 } } });
    expect(await redis.type(keys.key('state', key))).toBe('string');
    const again = (await storage.read([key]))[key];
    expect(again).toMatchObject({ memory: { misses: 2 } });
    await expect(storage.write({ [key]: { ...read, memory: { misses: 3 } } })).rejects.toThrow(/eTag conflict/);
    await storage.write({ [key]: { ...again, memory: { misses: 3 } } });
    expect((await storage.read([key]))[key]).toMatchObject({ memory: { misses: 3 } });
  });
});
