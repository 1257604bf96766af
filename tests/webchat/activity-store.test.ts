import { describe, expect, it } from 'vitest';
import { MemoryActivityStore, activityId, sequenceOf } from '../../channels/webchat/store/activity-store.js';

const meta = (id: string, at = 0) => ({ id, createdAt: at, started: true, lastActivityAt: at });

describe('MemoryActivityStore', () => {
  it('assigns <conversationId>|<seq> ids and reads from a watermark', async () => {
    const store = new MemoryActivityStore();
    await store.createConversation(meta('conv-aaaa'));
    const first = await store.append('conv-aaaa', [{ type: 'message', text: 'a' }, { type: 'message', text: 'b' }]);
    expect(first.activities.map((a) => a.id)).toEqual(['conv-aaaa|0000001', 'conv-aaaa|0000002']);
    expect(first.watermark).toBe(2);
    await store.append('conv-aaaa', [{ type: 'message', text: 'c' }]);

    expect((await store.readSince('conv-aaaa')).activities.map((a) => a.text)).toEqual(['a', 'b', 'c']);
    const since = await store.readSince('conv-aaaa', 2);
    expect(since.activities.map((a) => a.text)).toEqual(['c']);
    expect(since.watermark).toBe(3);
    expect(await store.readSince('conv-aaaa', 3)).toEqual({ activities: [], watermark: 3 });
  });

  it('keeps conversations apart and refuses unknown ones', async () => {
    const store = new MemoryActivityStore();
    await store.createConversation(meta('conv-aaaa'));
    await store.createConversation(meta('conv-bbbb'));
    await store.append('conv-aaaa', [{ type: 'message' }]);
    expect((await store.readSince('conv-bbbb')).activities).toEqual([]);
    await expect(store.append('conv-cccc', [{ type: 'message' }])).rejects.toThrow(/Unknown conversation/);
  });

  it('bounds the log and forgets idle conversations', async () => {
    let now = 0;
    const store = new MemoryActivityStore({ maxActivitiesPerConversation: 3, retentionMs: 1000, now: () => now });
    await store.createConversation(meta('conv-aaaa'));
    for (let i = 0; i < 5; i++) await store.append('conv-aaaa', [{ type: 'message', text: String(i) }]);
    expect((await store.readSince('conv-aaaa')).activities.map((a) => a.text)).toEqual(['2', '3', '4']);
    // Ids and watermarks still count from the first activity ever appended.
    expect((await store.readSince('conv-aaaa', 1)).activities.map((a) => a.id)).toEqual(['conv-aaaa|0000003', 'conv-aaaa|0000004', 'conv-aaaa|0000005']);
    expect((await store.readSince('conv-aaaa', 4)).activities.map((a) => [a.id, a.text])).toEqual([['conv-aaaa|0000005', '4']]);
    now = 120_000;
    await store.createConversation(meta('conv-bbbb', now));
    expect(await store.getConversation('conv-aaaa')).toBeUndefined();
  });

  it('reads back exactly what was appended', async () => {
    const store = new MemoryActivityStore();
    await store.createConversation(meta('conv-dddd'));
    const answer = {
      type: 'message',
      timestamp: '2026-11-23T03:04:05.678Z',
      channelId: 'webchat',
      conversation: { id: 'conv-dddd' },
      from: { id: 'layani', name: 'Layani', role: 'bot' },
      recipient: { id: 'dl_citizen', role: 'user' },
      replyToId: 'conv-dddd|0000001',
      text: 'Syarat KTP-el:\n• Fotokopi KK\n• Berusia 17 tahun atau sudah menikah 🙂',
      inputHint: 'acceptingInput',
      suggestedActions: { actions: [{ type: 'imBack', title: 'Biaya', value: 'Biaya' }] },
    };
    const appended = await store.append('conv-dddd', [answer]);
    expect(appended.activities).toEqual([{ ...answer, id: 'conv-dddd|0000001' }]);
    expect((await store.readSince('conv-dddd')).activities).toEqual([{ ...answer, id: 'conv-dddd|0000001' }]);
  });

  it('reads back exactly the ids it keeps short, wherever they appear and whatever else is said', async () => {
    const store = new MemoryActivityStore();
    await store.createConversation({ ...meta('conv-ffff'), userId: 'dl_ffff' });
    const activities: Record<string, unknown>[] = [
      { type: 'message', from: { id: 'dl_ffff', role: 'user' }, text: 'saya dl_ffff di conv-ffff \u0001\u0002 dl_ffffconv-ffff' },
      { type: 'message', from: { id: 'layani', role: 'bot' }, recipient: { id: 'dl_ffff', role: 'user' }, replyToId: 'conv-ffff|0000001', text: 'dl_ffff' },
      { type: 'message', from: { id: 'someone-else', role: 'user' }, text: '' },
    ];
    for (const activity of activities) await store.append('conv-ffff', [activity]);
    const expected = activities.map((a, i) => ({ ...a, id: activityId('conv-ffff', i + 1) }));
    expect((await store.readSince('conv-ffff')).activities).toStrictEqual(expected);
    expect(await store.getConversation('conv-ffff')).toStrictEqual({ id: 'conv-ffff', userId: 'dl_ffff', createdAt: 0, started: true, lastActivityAt: expect.any(Number) });
  });

  it('reads back what the conversation\'s activities repeat, and what some of them say differently', async () => {
    const store = new MemoryActivityStore();
    await store.createConversation(meta('conv-eeee'));
    const frame = { channelId: 'webchat', serviceUrl: 'https://layanan.example.go.id/', locale: 'id-ID', conversation: { id: 'conv-eeee' } };
    const activities: Record<string, unknown>[] = [
      { type: 'message', ...frame, from: { id: 'dl_w', role: 'user' }, text: 'syarat ktp' },
      { type: 'message', ...frame, from: { id: 'layani', name: 'Layani', role: 'bot' }, text: 'Syarat KTP-el: …' },
      { type: 'message', ...frame, serviceUrl: 'https://cadangan.example.go.id/', from: { id: 'dl_w', role: 'user' }, text: 'biaya?' },
      { type: 'message', ...frame, locale: 'en-US', from: { id: 'dl_w', role: 'user' }, text: 'cost?' },
      { type: 'message', channelId: 'webchat', serviceUrl: frame.serviceUrl, from: { id: 'dl_w', role: 'user' }, text: 'tanpa locale' },
      { type: 'message', ...frame, conversation: { id: 'conv-eeee', name: 'lain' }, from: { id: 'dl_w', role: 'user' } },
      { type: 'typing', ...frame, from: { id: 'dl_w', role: 'user' } },
    ];
    for (const activity of activities) await store.append('conv-eeee', [activity]);
    const expected = activities.map((a, i) => ({ ...a, id: activityId('conv-eeee', i + 1) }));
    expect((await store.readSince('conv-eeee')).activities).toEqual(expected);
  });

  it('ids carry their sequence number', () => {
    expect(sequenceOf(activityId('a|b', 42))).toBe(42);
    expect(sequenceOf('no-sequence')).toBeNaN();
  });
});
