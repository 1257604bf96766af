import { performance } from 'node:perf_hooks';
import {
  ActivityTypes,
  MemoryStorage,
  type Activity,
  type Storage,
  TurnContext,
} from 'botbuilder-core';
import type { DialogState } from 'botbuilder-dialogs';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import type { Nlu, Understanding } from '../intents/types.js';
import { LayaniDialogs, type DialogDeps } from '../dialogs/layani-dialogs.js';
import type { ConversationMemory } from '../dialogs/memory.js';
import type { Replies } from '../dialogs/replies.js';
import { LayaniAdapter } from './adapter.js';
import type { TurnRunner } from './channel.js';
import type { CitizenMessage } from './handoff/service.js';
import { conversationKey } from './handoff/types.js';
import { checkInput } from './input.js';
import { ConversationStateStore } from './state.js';
import { maskPersonalData } from './privacy.js';
import { KeyedSerialQueue } from './serial.js';

const RELEASE_LOCK = Symbol('layani.releaseLock');

export interface TurnRecord {
  channelId: string;
  intent: string | null;
  latencyMs: number;
}

/** Runs before the dialogs: the officer side decides whether the bot may answer at all. */
export interface TurnGate {
  /** Starts the turn's reads early (once, however often called); intercept() uses them. */
  prefetch?(context: TurnContext): void;
  /** Drops what prefetch() read (it may be out of date). */
  forget?(context: TurnContext): void;
  /**
   * Whether the gate took the turn (the bot does not answer it). When it did, `writing` is what it sent
   * to the store and has not yet been acknowledged: the turn's lock is released right behind it.
   */
  intercept(context: TurnContext, message: CitizenMessage): Promise<false | { writing?: Promise<unknown> }>;
  recordUnderstood(
    context: TurnContext,
    message: CitizenMessage,
    understanding: { intent: string; confidence: number; service: string | null } | null,
  ): Promise<void>;
}

export interface BotDeps extends DialogDeps {
  gate?: TurnGate;
  nlu: Nlu;
  replies: Replies;
  logger: Logger;
  maxMessageLength: number;
  storage?: Storage;
  /** Keeps one conversation's turns in order across instances (see RedisLock). */
  lock?: {
    withLock<T>(name: string, task: (release: () => void) => Promise<T>, reads?: { start(): void; discard(): void }): Promise<T>;
  };
  /**
   * Turns under way at once, across conversations (others wait for a slot, in order). A turn that waits
   * for Redis keeps its objects alive across garbage collections; thousands at once make every
   * collection copy them, and the process slows down as it falls behind. Unlimited when unset.
   */
  maxConcurrentTurns?: number;
  /** Called after every turn (metrics). */
  onTurn?: (record: TurnRecord) => void;
}

/** Runs citizen turns: one at a time per conversation, state loaded and saved around the dialogs. */
export class LayaniBot implements TurnRunner {
  readonly adapter = new LayaniAdapter();
  private readonly queue = new KeyedSerialQueue();
  private readonly slots: LimitFunction;
  private readonly state: ConversationStateStore;
  private readonly dialogs: LayaniDialogs;

  constructor(private readonly deps: BotDeps) {
    this.slots = pLimit(deps.maxConcurrentTurns ?? Number.POSITIVE_INFINITY);
    this.state = new ConversationStateStore(deps.storage ?? new MemoryStorage());
    this.dialogs = new LayaniDialogs(
      deps,
      this.state.createProperty<DialogState>('dialogState'),
      this.state.createProperty<ConversationMemory>('memory'),
    );
  }

  run(activity: Partial<Activity>, storing?: Promise<string>): Promise<void> {
    const key = conversationKey(activity);
    // Settled here, so that a failure to store (answered by the channel) is never left unhandled.
    const stored = storing?.catch(() => undefined);
    return this.queue.run(key, () => this.slots(() => this.runNow(activity, key, stored)));
  }

  private async runNow(activity: Partial<Activity>, key: string, stored: Promise<string | undefined> | undefined): Promise<void> {
    const { lock } = this.deps;
    try {
      await this.adapter.processActivity(activity, (context) => {
        if (!lock || activity.type !== ActivityTypes.Message) return this.turnOnceStored(context, stored);
        // The turn's reads go to Redis right behind the request for its lock, in the same round trip.
        const reads = { start: () => this.startReads(context), discard: () => this.discardReads(context) };
        return lock.withLock(
          key,
          (release) => {
            context.turnState.set(RELEASE_LOCK, release);
            return this.turnOnceStored(context, stored);
          },
          reads,
        );
      });
    } catch (err) {
      // Not stored either (the shared store is away): the channel answers its client; nothing to add.
      if (stored && (await stored) === undefined) return;
      // The turn could not even start (the shared store is away): the citizen still hears from us.
      this.deps.logger.error({ err, conversation: activity.conversation?.id }, 'turn could not run');
      const reference = TurnContext.getConversationReference(activity);
      await this.adapter.deliver(reference, [{ type: 'message', text: this.deps.replies.text('error') }]).catch(() => undefined);
    }
  }

  /** Waits for every running and queued turn (graceful shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** The turn, once the channel has stored its activity (when it was still storing it). */
  private async turnOnceStored(context: TurnContext, stored: Promise<string | undefined> | undefined): Promise<void> {
    if (stored) {
      const id = await stored;
      // Not stored: the channel told its client so, and the bot does not answer what was not kept.
      if (id === undefined) return;
      context.activity.id = id;
    }
    return this.turn(context);
  }

  private async turn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return;
    const started = performance.now();
    let understanding: Understanding | null = null;
    const message: CitizenMessage = {
      text: typeof activity.text === 'string' ? activity.text : '',
      attachments: (activity.attachments ?? []).map((a) => ({ contentType: a.contentType, name: a.name, url: a.contentUrl })),
    };
    try {
      this.startReads(context); // unless the lock started them already
      const intercepted = await this.deps.gate?.intercept(context, message);
      if (intercepted) {
        await this.finish(context, intercepted.writing);
        return;
      }
      const input = checkInput(activity, this.deps.maxMessageLength);
      if (input.kind === 'text') understanding = this.deps.nlu.understand(input.text);
      // Its writes go with the answer's (awaited in finish()); what it decided is known at once.
      const recorded = this.deps.gate?.recordUnderstood(context, message, understanding);
      recorded?.catch(() => undefined);
      if (understanding) {
        await this.dialogs.onMessage(context, understanding);
      } else if (input.kind !== 'text') {
        await context.sendActivity(this.deps.replies.text(input.kind, { max: this.deps.maxMessageLength.toLocaleString('id-ID') }));
      }
      await this.finish(context, recorded);
    } catch (err) {
      this.deps.logger.error({ err, conversation: activity.conversation?.id }, 'turn failed');
      // State of a failed turn is not saved: the next turn starts from the last good state.
      await context.sendActivity(this.deps.replies.text('error')).catch(() => undefined);
      // With an ordered outlet the error reply is still under way: the turn (and a shutdown's drain) waits for it.
      await LayaniAdapter.settled(context);
    } finally {
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      this.logTurn(activity, understanding, latencyMs);
      this.deps.onTurn?.({ channelId: activity.channelId ?? 'unknown', intent: understanding?.intent ?? null, latencyMs });
    }
  }

  /** The state and the handoff record, read together (with Redis, in one round trip). */
  private startReads(context: TurnContext): void {
    this.state.load(context).catch(() => undefined); // a failed read is reported where the state is awaited
    this.deps.gate?.prefetch?.(context);
  }

  private discardReads(context: TurnContext): void {
    this.state.forget(context);
    this.deps.gate?.forget?.(context);
  }

  /**
   * The turn's last writes: the state, with the transcript entries still under way, then the lock's
   * release, sent right behind them so that all of it goes to Redis in one round trip. A write that fails
   * fails the turn.
   */
  private async finish(context: TurnContext, recorded?: Promise<unknown>): Promise<void> {
    const written = Promise.all([recorded, LayaniAdapter.recorded(context), this.state.saveChanges(context)]);
    (context.turnState.get(RELEASE_LOCK) as (() => void) | undefined)?.();
    await written;
  }

  private logTurn(activity: Partial<Activity>, u: Understanding | null, latencyMs: number): void {
    // Built only when it will be written: masking the text runs several patterns over it.
    if (!this.deps.logger.isLevelEnabled('info')) return;
    this.deps.logger.info(
      {
        channel: activity.channelId,
        conversation: activity.conversation?.id,
        said: maskPersonalData((activity.text ?? '').slice(0, 300)),
        intent: u?.intent ?? null,
        confidence: u ? Math.round(u.confidence * 1000) / 1000 : null,
        service: u?.service ?? null,
        latencyMs,
      },
      'turn',
    );
  }

}
