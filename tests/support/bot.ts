import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import { pino } from 'pino';
import { createBot, type BotOptions } from '../../bot/app.js';
import type { HandoffService } from '../../bot/handoff/service.js';
import { loadConfig } from '../../bot/config.js';
import type { LayaniBot } from '../../bot/turn.js';

export interface TestChat {
  /** Sends one citizen message and returns the bot's replies to it. */
  say(text: string, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  conversationId: string;
}

/** A real bot (real data, real NLU, real dialogs) behind a capturing outlet, one conversation per chat. */
export async function createTestBot(
  env: Record<string, string> = {},
  options: BotOptions = {},
): Promise<{ bot: LayaniBot; handoff: HandoffService; chat: () => TestChat; sent: Partial<Activity>[] }> {
  const { bot, handoff } = await createBot(loadConfig({ DATA_DIR: 'data', ...env }), pino({ level: 'silent' }), options);
  const sent: Partial<Activity>[] = [];
  bot.adapter.registerOutlet('test', {
    async deliver(_ref, activities) {
      sent.push(...activities);
      return activities.map(() => ({ id: randomUUID() }));
    },
  });
  const chat = (): TestChat => {
    const conversationId = `test-${randomUUID()}`;
    return {
      conversationId,
      async say(text, extra = {}) {
        const activity = message(conversationId, text, extra);
        await bot.run(activity);
        return sent.filter((a) => a.replyToId === activity.id);
      },
    };
  };
  return { bot, handoff, chat, sent };
}

export function message(conversationId: string, text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date(),
    channelId: 'test',
    serviceUrl: 'test://local',
    from: { id: `citizen-${conversationId}`, name: 'Warga', role: 'user' },
    recipient: { id: 'layani', name: 'Layani', role: 'bot' },
    conversation: { id: conversationId } as Activity['conversation'],
    text,
    ...extra,
  };
}

export function texts(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n---\n');
}

export function quickReplies(replies: Partial<Activity>[]): string[] {
  return replies.flatMap((r) => r.suggestedActions?.actions.map((a) => String(a.value)) ?? []);
}
