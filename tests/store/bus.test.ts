import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../../bot/store/bus.js';
import { connectRedis, type Redis } from '../../bot/store/redis.js';
import { relayedConversationId, type WebChatRelayMessage } from '../../bot/stores.js';
import { startRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
const clients: Redis[] = [];
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) clients.push(await connectRedis({ url: redis.url, logger }));
});

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await redis?.stop();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('RedisBus peek', () => {
  it('drops unparsed what no listener wants, and delivers the rest', async () => {
    const bus = await RedisBus.open<WebChatRelayMessage>(clients[0]!, clients[1]!, `peek${Date.now()}`, logger);
    const heard: string[] = [];
    const peeked: string[] = [];
    const unsubscribe = bus.subscribe((m) => heard.push(m.conversationId), {
      peek: (raw) => {
        const id = relayedConversationId(raw);
        peeked.push(id ?? '?');
        return id === undefined || id === 'mine';
      },
    });
    await bus.settled();
    await bus.publish({ conversationId: 'mine', activities: [] });
    await bus.publish({ conversationId: 'theirs', activities: [] });
    await settle();
    expect(peeked).toEqual(['mine', 'theirs']);
    expect(heard).toEqual(['mine']);

    // A listener without a peek hears everything, and so the peeking one does too.
    const all: string[] = [];
    const unsubscribeAll = bus.subscribe((m) => all.push(m.conversationId));
    await bus.publish({ conversationId: 'theirs', activities: [] });
    await settle();
    expect(all).toEqual(['theirs']);
    unsubscribeAll();
    unsubscribe();
  });
});

describe('relayedConversationId', () => {
  it('reads the id from the front of a relay message, and gives up on anything else', () => {
    expect(relayedConversationId(JSON.stringify({ conversationId: 'Ab-9_x', activities: [{ text: 'x' }] }))).toBe('Ab-9_x');
    expect(relayedConversationId(JSON.stringify({ conversationId: 'a"b', activities: [] }))).toBeUndefined();
    expect(relayedConversationId(JSON.stringify({ activities: [], conversationId: 'a' }))).toBeUndefined();
    expect(relayedConversationId('{"conversationId":"')).toBeUndefined();
  });
});
