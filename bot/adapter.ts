import {
  ActivityTypes,
  BotAdapter,
  DeliveryModes,
  InputHints,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import type { Outlet } from './channel.js';

const RECORDING = Symbol('layani.recording');

/**
 * The one place that knows botbuilder's adapter model. Every activity the bot sends leaves through
 * the outlet of the channel the conversation came from; channels only ever see plain Activities.
 */
export class LayaniAdapter extends BotAdapter {
  private readonly outlets = new Map<string, Outlet>();
  /** Sees every delivered activity (the transcript). */
  onDeliver?: (reference: Partial<ConversationReference>, activities: Partial<Activity>[]) => Promise<void>;

  registerOutlet(channelId: string, outlet: Outlet): void {
    this.outlets.set(channelId, outlet);
  }

  hasOutlet(channelId: string): boolean {
    return this.outlets.has(channelId);
  }

  /**
   * What botbuilder's `runMiddleware` does (the locale, the middleware, a context revoked once the turn is
   * over), as a native async function. botbuilder's own is compiled to a generator, and V8 keeps what a
   * suspended generator points at alive through the next scavenges: with it, a turn's objects were
   * promoted to the old generation (1.1 KB per empty turn, 2.3 KB more per real one), which brings the
   * full GCs that decide the p99 (BENCHMARKS.md, eleventh round).
   */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new LayaniTurnContext(this, activity);
    if (activity.locale) context.locale = activity.locale;
    const { proxy, revoke } = Proxy.revocable(context, {});
    try {
      await this.middleware.run(proxy, () => logic(proxy));
    } finally {
      revoke();
    }
  }

  /**
   * Within a turn, the transcript entries of what was sent are written while the turn goes on: the turn
   * waits for them with its last writes (`recorded`), which then share one round trip to the store. With
   * an `ordered` outlet the turn does not wait for the delivery either: it goes with those last writes,
   * and the transcript entry with it (see Outlet.ordered); the ids it returns are then empty.
   */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const reference = TurnContext.getConversationReference(context.activity);
    const { sent, recorded } = await this.send(reference, activities, true);
    let pending = LayaniAdapter.pending(context);
    if (!pending) context.turnState.set(RECORDING, (pending = []));
    recorded.catch(() => undefined); // the turn awaits it (recorded())
    pending.push(recorded);
    return sent;
  }

  /** Delivers outside a turn (officers, proactive messages): resolves once delivered and recorded. */
  async deliver(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const { sent, recorded } = await this.send(reference, activities);
    await recorded;
    return sent;
  }

  /** Resolves once what the turn sent is recorded; rejects if recording failed. */
  static recorded(context: TurnContext): Promise<void> {
    const pending = LayaniAdapter.pending(context);
    return pending ? Promise.all(pending).then(() => undefined) : Promise.resolve();
  }

  /** Resolves once everything the turn sent has been delivered or has failed (never rejects). */
  static async settled(context: TurnContext): Promise<void> {
    const pending = LayaniAdapter.pending(context);
    if (pending) await Promise.allSettled(pending);
  }

  /** What the turn has sent and is still delivering or recording. */
  private static pending(context: TurnContext): Promise<void>[] | undefined {
    return context.turnState.get(RECORDING) as Promise<void>[] | undefined;
  }

  private async send(
    reference: Partial<ConversationReference>,
    activities: Partial<Activity>[],
    inTurn = false,
  ): Promise<{ sent: ResourceResponse[]; recorded: Promise<void> }> {
    const channelId = reference.channelId ?? '';
    const outlet = this.outlets.get(channelId);
    if (!outlet) throw new Error(`No outlet registered for channel "${channelId}"`);
    const outgoing = activities
      .filter((a) => a.type !== 'trace')
      .map((a) => {
        // Copied with Object.assign, not a spread: on Node 20 an object made by spreading gets a hidden
        // class of its own as soon as a property is added to it (see BENCHMARKS.md, third round).
        const applied = TurnContext.applyConversationReference(Object.assign({}, a), reference);
        // An officer speaks as themself, not as the bot.
        if (a.from?.role === 'officer') applied.from = a.from;
        applied.timestamp = new Date();
        return applied;
      });
    if (outgoing.length === 0) return { sent: [], recorded: Promise.resolve() };
    if (inTurn && outlet.ordered) {
      // Delivered and recorded together: both are under way when the turn goes on.
      const delivered = outlet.deliver(reference, outgoing);
      const recorded = Promise.all([delivered, this.onDeliver?.(reference, outgoing)]).then(() => undefined);
      return { sent: outgoing.map(() => ({ id: '' })), recorded };
    }
    const sent = await outlet.deliver(reference, outgoing);
    // Recorded only once delivered: the transcript shows what the citizen was sent.
    return { sent, recorded: this.onDeliver?.(reference, outgoing) ?? Promise.resolve() };
  }

  override async updateActivity(): Promise<void> {
    throw new Error('Updating sent activities is not supported by Layani channels');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('Deleting sent activities is not supported by Layani channels');
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }
}

/**
 * botbuilder's TurnContext, with `sendActivity` and `sendActivities` as native async functions for the
 * same reason as `processActivity`: botbuilder compiles both to generators, which every answer runs.
 * They do what botbuilder's do; a context with send handlers (`onSendActivities`), or a turn whose
 * replies are buffered (`expectReplies`), takes botbuilder's own path.
 */
class LayaniTurnContext extends TurnContext {
  override async sendActivity(activityOrText: string | Partial<Activity>, speak?: string, inputHint?: string): Promise<ResourceResponse | undefined> {
    let activity: Partial<Activity>;
    if (typeof activityOrText === 'string') {
      activity = { text: activityOrText, inputHint: inputHint || InputHints.AcceptingInput };
      if (speak) activity.speak = speak;
    } else {
      activity = activityOrText;
    }
    const responses = (await this.sendActivities([activity])) || [];
    return responses[0];
  }

  override async sendActivities(activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const handlers = (this as unknown as { _onSendActivities: unknown[] })._onSendActivities;
    if (handlers.length > 0 || this.activity.deliveryMode === DeliveryModes.ExpectReplies) return super.sendActivities(activities);
    let sentNonTrace = false;
    const reference = TurnContext.getConversationReference(this.activity);
    const output = activities.map((a) => {
      const result = TurnContext.applyConversationReference(Object.assign({}, a), reference);
      if (!result.type) result.type = ActivityTypes.Message;
      if (result.type !== ActivityTypes.Trace) sentNonTrace = true;
      if (result.id) delete result.id;
      return result;
    });
    const responses = await this.adapter.sendActivities(this, output);
    for (let i = 0; i < (responses?.length ?? 0); i++) output[i]!.id = responses[i]!.id;
    if (sentNonTrace) this.responded = true;
    return responses;
  }
}
