import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnRecord } from '../turn.js';

export type Direction = 'in' | 'out';

/**
 * Layani's Prometheus metrics, in a registry of its own (no process-wide state): messages per channel
 * and direction, intents, turn latency and open conversations per channel.
 */
export class LayaniMetrics {
  readonly registry = new Registry();
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly openSources = new Map<string, () => number>();
  /**
   * Counts not yet added to the counters: prom-client finds a counter's series by hashing its labels on
   * every increment, which cost about 1 µs per message; the counts go in when the metrics are read.
   */
  private readonly pendingMessages = new Map<string, { in: number; out: number }>();
  private readonly pendingIntents = new Map<string, number>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const pendingMessages = this.pendingMessages;
    const pendingIntents = this.pendingIntents;
    // The counters read their counts from the pending maps when the metrics are read.
    new Counter({
      name: 'layani_messages_total',
      help: 'Messages received from citizens (in) and sent to them (out), per channel',
      labelNames: ['channel', 'direction'],
      registers,
      collect() {
        for (const [channel, counts] of pendingMessages) {
          for (const direction of ['in', 'out'] as const) {
            if (counts[direction] > 0) this.inc({ channel, direction }, counts[direction]);
            counts[direction] = 0;
          }
        }
      },
    });
    new Counter({
      name: 'layani_intents_total',
      help: 'Citizen turns per recognised intent',
      labelNames: ['intent'],
      registers,
      collect() {
        for (const [intent, count] of pendingIntents) this.inc({ intent }, count);
        pendingIntents.clear();
      },
    });
    this.turnSeconds = new Histogram({
      name: 'layani_turn_duration_seconds',
      help: 'Time the bot takes to answer one citizen turn',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const sources = this.openSources;
    new Gauge({
      name: 'layani_open_conversations',
      help: 'Conversations open on this instance, per channel',
      labelNames: ['channel'],
      registers,
      collect() {
        for (const [channel, count] of sources) this.set({ channel }, count());
      },
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'layani_' });
  }

  message(channel: string, direction: Direction, count = 1): void {
    if (count <= 0) return;
    let counts = this.pendingMessages.get(channel);
    if (!counts) this.pendingMessages.set(channel, (counts = { in: 0, out: 0 }));
    counts[direction] += count;
  }

  /** Per turn (pass as the bot's `onTurn`): counts the intent and observes the latency. */
  readonly recordTurn = (record: TurnRecord): void => {
    const intent = record.intent ?? 'none';
    this.pendingIntents.set(intent, (this.pendingIntents.get(intent) ?? 0) + 1);
    this.turnSeconds.observe({ channel: record.channelId }, record.latencyMs / 1000);
  };

  /** A channel tells how many of its conversations are open; read at every scrape. */
  trackOpenConversations(channel: string, count: () => number): void {
    this.openSources.set(channel, count);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
