import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createNlu } from '../intents/index.js';
import { Replies } from '../dialogs/replies.js';
import { unavailableHandoff } from '../dialogs/handoff.js';
import type { Config } from './config.js';
import type { ChannelHost, Outlet } from './channel.js';
import { loadCatalogue } from './catalogue/load.js';
import { describeSchedule, loadOfficeHours } from './hours/index.js';
import { buildServer } from './server.js';
import { LayaniBot } from './turn.js';

export interface Layani {
  bot: LayaniBot;
  server: FastifyInstance;
  host: ChannelHost;
}

/** Loads the data (catalogue, replies, hours, training phrases) and builds the bot. */
export async function createBot(config: Config, logger: Logger): Promise<LayaniBot> {
  const catalogue = loadCatalogue(join(config.DATA_DIR, 'services'));
  const replies = Replies.load(config.DATA_DIR);
  const hours = loadOfficeHours({ spec: config.OFFICE_HOURS, timeZone: config.OFFICE_TIMEZONE, dataDir: config.DATA_DIR });
  const hoursText = describeSchedule(hours.schedule, hours.timeZone);
  const nlu = await createNlu({ catalogue, dataDir: config.DATA_DIR });
  return new LayaniBot({
    catalogue,
    nlu,
    replies,
    logger: logger.child({ component: 'bot' }),
    handoff: unavailableHandoff(replies),
    hoursText: () => hoursText,
    answerThreshold: 0.6,
    maxMessageLength: config.MAX_MESSAGE_LENGTH,
  });
}

/** Wires the bot and the channels into one service. Nothing here listens yet. */
export async function createLayani(config: Config, logger: Logger): Promise<Layani> {
  const bot = await createBot(config, logger);
  const host: ChannelHost = {
    runner: bot,
    registerOutlet: (channelId: string, outlet: Outlet) => bot.adapter.registerOutlet(channelId, outlet),
  };
  const server = await buildServer({ config, logger, host });
  return { bot, server, host };
}
