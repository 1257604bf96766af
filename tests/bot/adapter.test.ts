import type { TurnContext } from 'botbuilder-core';
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
