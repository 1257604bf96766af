import {
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import type { Outlet } from './channel.js';

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

  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const reference = TurnContext.getConversationReference(context.activity);
    return this.deliver(reference, activities);
  }

  async deliver(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const channelId = reference.channelId ?? '';
    const outlet = this.outlets.get(channelId);
    if (!outlet) throw new Error(`No outlet registered for channel "${channelId}"`);
    const outgoing = activities
      .filter((a) => a.type !== 'trace')
      .map((a) => {
        const applied = TurnContext.applyConversationReference({ ...a }, reference);
        // An officer speaks as themself, not as the bot.
        if (a.from?.role === 'officer') applied.from = a.from;
        return { ...applied, timestamp: new Date() };
      });
    if (outgoing.length === 0) return [];
    const sent = await outlet.deliver(reference, outgoing);
    await this.onDeliver?.(reference, outgoing);
    return sent;
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
