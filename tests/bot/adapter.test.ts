import type { Activity, TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { LayaniAdapter } from '../../bot/adapter.js';

describe('LayaniAdapter.processActivity', () => {
  it('runs the turn with the activity’s locale, and the context cannot be used once the turn is over', async () => {
    const adapter = new LayaniAdapter();
    let kept: TurnContext | undefined;
    let locale: string | undefined;
    await adapter.processActivity({ type: 'message', text: 'halo', locale: 'id-ID', conversation: { id: 'c' } as never, channelId: 'test' }, async (context) => {
      locale = context.locale;
      kept = context;
      expect(context.activity.text).toBe('halo');
    });
    expect(locale).toBe('id-ID');
    expect(() => kept!.activity).toThrow(TypeError);
  });

  it('passes a failure of the turn on to its caller, and still revokes the context', async () => {
    const adapter = new LayaniAdapter();
    let kept: TurnContext | undefined;
    await expect(
      adapter.processActivity({ type: 'message', conversation: { id: 'c' } as never, channelId: 'test' }, async (context) => {
        kept = context;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(() => kept!.turnState).toThrow(TypeError);
  });
});

describe('sending within a turn', () => {
  const incoming = (extra: Partial<Activity> = {}): Partial<Activity> => ({
    type: 'message',
    id: 'in-1',
    text: 'halo',
    channelId: 'test',
    serviceUrl: 'test://local',
    conversation: { id: 'c' } as never,
    from: { id: 'citizen', role: 'user' } as never,
    recipient: { id: 'layani', role: 'bot' } as never,
    ...extra,
  });

  function adapterWithOutlet() {
    const adapter = new LayaniAdapter();
    const delivered: Partial<Activity>[] = [];
    let n = 0;
    adapter.registerOutlet('test', {
      async deliver(_reference, activities) {
        delivered.push(...activities);
        return activities.map(() => ({ id: `out-${++n}` }));
      },
    });
    return { adapter, delivered };
  }

  it('sends text as a message addressed back to the sender, with its id, and marks the turn as answered', async () => {
    const { adapter, delivered } = adapterWithOutlet();
    let response: unknown;
    const responded: boolean[] = [];
    const given: Partial<Activity> = { type: 'message', text: 'kedua', id: 'ignored' };
    await adapter.processActivity(incoming(), async (context) => {
      responded.push(context.responded);
      response = await context.sendActivity('Halo, ada yang bisa dibantu?', 'halo', 'expectingInput');
      responded.push(context.responded);
      const many = await context.sendActivities([given, { text: 'ketiga' }]);
      expect(many).toEqual([{ id: 'out-2' }, { id: 'out-3' }]);
    });
    expect(response).toEqual({ id: 'out-1' });
    expect(responded).toEqual([false, true]);
    expect(given.id).toBe('ignored'); // the caller's activity is not changed
    expect(delivered.map((a) => [a.type, a.text, a.replyToId, a.conversation?.id, a.from?.id, a.recipient?.id])).toEqual([
      ['message', 'Halo, ada yang bisa dibantu?', 'in-1', 'c', 'layani', 'citizen'],
      ['message', 'kedua', 'in-1', 'c', 'layani', 'citizen'],
      ['message', 'ketiga', 'in-1', 'c', 'layani', 'citizen'],
    ]);
    expect(delivered[0]).toMatchObject({ speak: 'halo', inputHint: 'expectingInput' });
    expect(delivered[1]!.id).toBeUndefined();
  });

  it('does not count a trace as an answer', async () => {
    const { adapter } = adapterWithOutlet();
    let responded: boolean | undefined;
    await adapter.processActivity(incoming(), async (context) => {
      await context.sendActivity({ type: 'trace', name: 'debug' });
      responded = context.responded;
    });
    expect(responded).toBe(false);
  });

  it('still runs send handlers, and buffers the replies of an expectReplies turn, as botbuilder does', async () => {
    const { adapter, delivered } = adapterWithOutlet();
    await adapter.processActivity(incoming(), async (context) => {
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) a.text = `${a.text}!`;
        return next();
      });
      await context.sendActivity('Siap');
    });
    expect(delivered.map((a) => a.text)).toEqual(['Siap!']);
    let buffered: Partial<Activity>[] = [];
    await adapter.processActivity(incoming({ deliveryMode: 'expectReplies' }), async (context) => {
      await context.sendActivity('Nanti');
      buffered = context.bufferedReplyActivities;
    });
    expect(delivered).toHaveLength(1);
    expect(buffered.map((a) => a.text)).toEqual(['Nanti']);
  });
});
