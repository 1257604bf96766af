import { describe, expect, it } from 'vitest';
import { LayaniMetrics } from '../../bot/ops/metrics.js';

const series = (text: string, name: string) => Object.fromEntries([...text.matchAll(new RegExp(`^${name}(\\{.*\\}) (\\S+)$`, 'gm'))].map((m) => [m[1], Number(m[2])]));

describe('LayaniMetrics', () => {
  it('counts messages and intents into every scrape, added up across scrapes', async () => {
    const metrics = new LayaniMetrics({ defaultMetrics: false });
    metrics.message('webchat', 'in');
    metrics.message('webchat', 'out', 2);
    metrics.message('whatsapp', 'in', 0);
    metrics.recordTurn({ channelId: 'webchat', intent: 'greeting', latencyMs: 12 });
    metrics.recordTurn({ channelId: 'webchat', intent: null, latencyMs: 30 });
    let text = await metrics.text();
    expect(series(text, 'layani_messages_total')).toEqual({ '{channel="webchat",direction="in"}': 1, '{channel="webchat",direction="out"}': 2 });
    expect(series(text, 'layani_intents_total')).toEqual({ '{intent="greeting"}': 1, '{intent="none"}': 1 });
    expect(series(text, 'layani_turn_duration_seconds_count')).toEqual({ '{channel="webchat"}': 2 });

    metrics.message('webchat', 'in', 3);
    metrics.message('whatsapp', 'out');
    metrics.recordTurn({ channelId: 'whatsapp', intent: 'greeting', latencyMs: 5 });
    text = await metrics.text();
    expect(series(text, 'layani_messages_total')).toEqual({
      '{channel="webchat",direction="in"}': 4,
      '{channel="webchat",direction="out"}': 2,
      '{channel="whatsapp",direction="out"}': 1,
    });
    expect(series(text, 'layani_intents_total')).toEqual({ '{intent="greeting"}': 2, '{intent="none"}': 1 });
    // Read again with nothing new: the same totals.
    expect(series(await metrics.text(), 'layani_messages_total')['{channel="webchat",direction="in"}']).toBe(4);
  });
});
