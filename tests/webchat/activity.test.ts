import { describe, expect, it } from 'vitest';
import { citizenActivity, outgoingActivity, toTurnActivity } from '../../channels/webchat/directline/activity.js';

const ctx = { conversationId: 'conv-aaaa', userId: 'dl_user', serviceUrl: 'http://localhost/', now: new Date('2026-01-02T03:04:05Z') };

describe('Direct Line activity conversion', () => {
  it('a posted message becomes a full activity with the server’s identity fields', () => {
    const activity = citizenActivity(
      { type: 'message', from: { id: 'spoofed', name: 'Siti' }, text: 'halo', locale: 'id-ID', channelData: { clientActivityID: 'c1' } },
      ctx,
    );
    expect(activity).toEqual({
      type: 'message',
      timestamp: '2026-01-02T03:04:05.000Z',
      channelId: 'webchat',
      serviceUrl: 'http://localhost/',
      from: { id: 'dl_user', name: 'Siti', role: 'user' },
      recipient: { id: 'layani', role: 'bot' },
      conversation: { id: 'conv-aaaa' },
      text: 'halo',
      locale: 'id-ID',
      channelData: { clientActivityID: 'c1' },
    });
  });

  it('a bot activity loses its old id, gets plain JSON and the bot as sender', () => {
    const out = outgoingActivity(
      { id: 'x', type: 'message', text: 'Halo', timestamp: new Date('2026-01-02T03:04:05Z'), from: { id: 'layani' } as never, replyToId: 'conv-aaaa|0000001' },
      'conv-aaaa',
      ctx.now,
    );
    expect(out).toEqual({
      type: 'message',
      text: 'Halo',
      timestamp: '2026-01-02T03:04:05.000Z',
      replyToId: 'conv-aaaa|0000001',
      channelId: 'webchat',
      conversation: { id: 'conv-aaaa' },
      from: { id: 'layani', name: 'Layani', role: 'bot' },
    });
  });

  it('the turn runner gets the timestamp as a Date', () => {
    const turn = toTurnActivity({ id: 'conv-aaaa|0000001', type: 'message', timestamp: '2026-01-02T03:04:05.000Z' });
    expect(turn.timestamp).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(turn.id).toBe('conv-aaaa|0000001');
  });
});
