import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Storage } from 'botbuilder-core';
import { loadConfig } from '../../bot/config.js';
import type { ConversationRecord } from '../../bot/handoff/types.js';
import { openStores, type Stores } from '../../bot/stores.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const logger = pino({ level: 'silent' });

function record(key: string, owner: ConversationRecord['owner'], at = 1): ConversationRecord {
  return { key, channelId: 'webchat', reference: { channelId: 'webchat', conversation: { id: key } as never }, owner, lastCitizenAt: at };
}

/** One contract, two implementations: whatever passes here may back Layani. */
function contract(name: string, open: () => Promise<Stores>) {
  describe(`${name} store`, () => {
    let stores: Stores;
    beforeAll(async () => {
      stores = await open();
    });
    afterAll(async () => {
      await stores?.close();
    });

    it('keeps conversation records and lists them by owner', async () => {
      const { handoff } = stores;
      await handoff.saveConversation(record('webchat/a', 'queued', 1));
      await handoff.saveConversation(record('webchat/b', 'officer', 2));
      await handoff.saveConversation(record('webchat/c', 'bot', 3));
      expect(await handoff.getConversation('webchat/a')).toMatchObject({ owner: 'queued', lastCitizenAt: 1 });
      expect(await handoff.getConversation('webchat/none')).toBeUndefined();
      const keysOf = async (owners: ConversationRecord['owner'][]) => (await handoff.listConversations(owners)).map((r) => r.key).sort();
      expect(await keysOf(['queued'])).toEqual(['webchat/a']);
      expect(await keysOf(['queued', 'officer'])).toEqual(['webchat/a', 'webchat/b']);
      await handoff.saveConversation(record('webchat/a', 'bot'));
      expect(await keysOf(['queued'])).toEqual([]);
      expect(await keysOf(['bot'])).toEqual(['webchat/a', 'webchat/c']);
    });

    it('keeps transcripts in order and returns the newest when limited', async () => {
      const { handoff } = stores;
      for (let i = 0; i < 5; i++) await handoff.appendTranscript('webchat/t', { at: i, author: 'citizen', channel: 'webchat', text: `m${i}` });
      expect((await handoff.readTranscript('webchat/t')).map((e) => e.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      expect((await handoff.readTranscript('webchat/t', 2)).map((e) => e.text)).toEqual(['m3', 'm4']);
      expect(await handoff.readTranscript('webchat/empty')).toEqual([]);
    });

    it('numbers tickets uniquely and lists them by status', async () => {
      const { handoff } = stores;
      const at = Date.parse('2026-11-28T03:00:00Z');
      const tickets = await Promise.all([1, 2, 3].map((i) => handoff.createTicket(`webchat/k${i}`, `pesan ${i}`, at + i)));
      expect(new Set(tickets.map((t) => t.number)).size).toBe(3);
      expect(tickets[0]!.number).toMatch(/^LYN-261128-\d{4}$/);
      await handoff.saveTicket({ ...tickets[1]!, status: 'answered', answeredBy: 'budi' });
      expect((await handoff.listTickets('open')).map((t) => t.message).sort()).toEqual(['pesan 1', 'pesan 3']);
      expect(await handoff.getTicket(tickets[1]!.number)).toMatchObject({ status: 'answered', answeredBy: 'budi' });
    });

    it('remembers recent waits, newest first', async () => {
      const { handoff } = stores;
      for (const ms of [1000, 2000, 3000]) await handoff.recordWait(ms);
      expect((await handoff.recentWaits()).slice(0, 3)).toEqual([3000, 2000, 1000]);
    });

    it('honours eTags in the bot state storage', async () => {
      const storage: Storage = stores.state;
      expect(await storage.read(['webchat/conversations/x/'])).toEqual({});
      await storage.write({ 'webchat/conversations/x/': { memory: { misses: 1 } } });
      const first = (await storage.read(['webchat/conversations/x/']))['webchat/conversations/x/'];
      expect(first).toMatchObject({ memory: { misses: 1 } });
      expect(typeof first.eTag).toBe('string');
      await storage.write({ 'webchat/conversations/x/': { ...first, memory: { misses: 2 } } });
      // A turn that read the first version must not overwrite the second.
      await expect(storage.write({ 'webchat/conversations/x/': { ...first, memory: { misses: 9 } } })).rejects.toThrow();
      await storage.write({ 'webchat/conversations/x/': { memory: { misses: 3 }, eTag: '*' } });
      expect((await storage.read(['webchat/conversations/x/']))['webchat/conversations/x/']).toMatchObject({ memory: { misses: 3 } });
      await storage.delete(['webchat/conversations/x/']);
      expect(await storage.read(['webchat/conversations/x/'])).toEqual({});
    });

    it('keeps the Direct Line log: sequential ids, reads after a watermark, concurrent appends', async () => {
      const { activities } = stores;
      await activities.createConversation({ id: 'dl1', userId: 'dl_u', createdAt: 1, started: false, lastActivityAt: 1 });
      await activities.updateConversation('dl1', { started: true });
      expect(await activities.getConversation('dl1')).toMatchObject({ id: 'dl1', userId: 'dl_u', started: true });
      const first = await activities.append('dl1', [{ type: 'message', text: 'a', attachments: [] }, { type: 'message', text: 'b' }]);
      expect(first.activities.map((a) => a.id)).toEqual(['dl1|0000001', 'dl1|0000002']);
      expect(first.watermark).toBe(2);
      await Promise.all(['c', 'd', 'e', 'f'].map((text) => activities.append('dl1', [{ type: 'message', text }])));
      const all = await activities.readSince('dl1');
      expect(all.activities.map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `dl1|${String(n).padStart(7, '0')}`));
      expect(all.activities[0]).toMatchObject({ text: 'a', attachments: [] });
      expect(all.watermark).toBe(6);
      const since = await activities.readSince('dl1', 4);
      expect(since.activities.map((a) => a.id)).toEqual(['dl1|0000005', 'dl1|0000006']);
      expect((await activities.readSince('dl1', 6)).activities).toEqual([]);
      expect(await activities.ping()).toBe(true);
    });

    it('delivers bus messages to subscribers, and stops when they leave', async () => {
      const received: string[] = [];
      const stop = stores.events.subscribe((e) => received.push(e.type));
      await stores.events.settled();
      await stores.events.publish({ type: 'typing', key: 'webchat/a', author: 'officer' });
      await new Promise((r) => setTimeout(r, 100));
      stop();
      await stores.events.settled();
      await stores.events.publish({ type: 'typing', key: 'webchat/b', author: 'officer' });
      await new Promise((r) => setTimeout(r, 100));
      expect(received).toEqual(['typing']);

      // A listener that comes back hears again.
      const again = stores.events.subscribe((e) => received.push(e.type === 'typing' ? e.key : e.type));
      await stores.events.settled();
      await stores.events.publish({ type: 'typing', key: 'webchat/c', author: 'officer' });
      await new Promise((r) => setTimeout(r, 100));
      again();
      expect(received).toEqual(['typing', 'webchat/c']);
    });
  });
}

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

contract('in-memory', () => openStores(loadConfig({ NODE_ENV: 'test' }), logger));
contract('Redis', () => openStores(loadConfig({ NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_PREFIX: `t${Date.now()}:` }), logger));

describe('store selection', () => {
  it('refuses the in-memory store in production', async () => {
    await expect(openStores(loadConfig({ NODE_ENV: 'production' }), logger)).rejects.toThrow(/REDIS_URL is not set/);
  });
});
