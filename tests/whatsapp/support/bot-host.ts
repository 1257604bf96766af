import type { Activity } from 'botbuilder-core';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { createBot, type BotOptions } from '../../../bot/app.js';
import type { ChannelHost, Outlet } from '../../../bot/channel.js';
import { loadConfig, type Config } from '../../../bot/config.js';

export const silent = pino({ level: 'silent' });
export const silentLog = silent as unknown as FastifyBaseLogger;

export interface RecordingHost extends ChannelHost {
  /** Every activity a channel handed to the bot, in order. */
  seen: Partial<Activity>[];
  /** The outlets channels registered (to deliver as an officer would). */
  outlets: Map<string, Outlet>;
}

/** The real bot (real data, NLU and dialogs) behind a host that records what channels hand it. */
export async function createRecordingHost(env: Record<string, string> = {}, options: BotOptions = {}): Promise<{ host: RecordingHost; config: Config }> {
  const config = loadConfig({ DATA_DIR: 'data', LOG_LEVEL: 'silent', ...env });
  const { bot } = await createBot(config, silent, options);
  const seen: Partial<Activity>[] = [];
  const outlets = new Map<string, Outlet>();
  const host: RecordingHost = {
    seen,
    outlets,
    runner: {
      run: (activity) => {
        seen.push(activity);
        return bot.run(activity);
      },
    },
    registerOutlet: (channelId, outlet) => {
      outlets.set(channelId, outlet);
      bot.adapter.registerOutlet(channelId, outlet);
    },
  };
  return { host, config };
}

/** The reference an officer's message to a WhatsApp conversation carries. */
export function whatsappReference(waId: string) {
  return {
    channelId: 'whatsapp',
    conversation: { id: `wa:${waId}`, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: waId, name: '', role: 'user' },
    bot: { id: 'layani', name: 'Layani', role: 'bot' },
    serviceUrl: 'whatsapp://test',
  };
}
