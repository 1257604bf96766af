import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnRunner } from '../../bot/channel.js';
import { WebChatConversations } from '../../channels/webchat/conversations.js';
import { StreamHub } from '../../channels/webchat/directline/stream.js';
import { MemoryActivityStore } from '../../channels/webchat/store/activity-store.js';

const hubs: StreamHub[] = [];
afterEach(() => {
  for (const hub of hubs.splice(0)) hub.close();
});

function setUp() {
  let now = 1_000_000;
  const store = new MemoryActivityStore({ retentionMs: 60_000, now: () => now });
  const turns: string[] = [];
  const runner: TurnRunner = {
    run: async (activity) => {
      turns.push(String(activity.type));
    },
  };
  const streams = new StreamHub(20_000);
  hubs.push(streams);
  const conversations = new WebChatConversations({ store, streams, runner, logger: pino({ level: 'silent' }), now: () => new Date(now) });
  return { conversations, store, turns, advance: (ms: number) => (now += ms) };
}

describe('WebChatConversations with the in-process store', () => {
  it('reads a started conversation from the store each time, so one the store forgot is gone at once', async () => {
    const { conversations, store, turns, advance } = setUp();
    const meta = await conversations.create('dl_citizen');
    expect(await conversations.start(meta.id, 'dl_citizen', 'http://localhost')).toBe(true);
    expect(turns).toEqual(['conversationUpdate']);
    expect(await conversations.get(meta.id)).toMatchObject({ id: meta.id, started: true });

    // The store forgets conversations idle past its retention (swept when another one is created).
    advance(120_000);
    await store.createConversation({ id: 'other', createdAt: 0, started: false, lastActivityAt: 0 });
    expect(await store.getConversation(meta.id)).toBeUndefined();
    expect(await conversations.get(meta.id)).toBeUndefined();
  });
});
