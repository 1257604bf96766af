import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createNlu, type TrainedModel } from '../intents/index.js';
import { Replies } from '../dialogs/replies.js';
import type { Config } from './config.js';
import type { ChannelHost, Outlet } from './channel.js';
import { loadCatalogue } from './catalogue/load.js';
import { describeSchedule, loadOfficeHours } from './hours/index.js';
import { HandoffService } from './handoff/service.js';
import { buildServer } from './server.js';
import { openStores, type Stores } from './stores.js';
import { LayaniBot, type TurnRecord } from './turn.js';
import { LayaniMetrics } from './ops/metrics.js';

export interface Layani {
  stores: Stores;
  bot: LayaniBot;
  handoff: HandoffService;
  server: FastifyInstance;
  host: ChannelHost;
}

export interface BotOptions {
  /** Where state lives; a fresh in-memory set when omitted. */
  stores?: Stores;
  /** The clock, injectable so tests can move through operating hours. */
  now?: () => number;
  onTurn?: (record: TurnRecord) => void;
  /** The intent model, being trained elsewhere (a worker thread); trained here when absent or failed. */
  model?: Promise<TrainedModel>;
}

/** Loads the data (catalogue, replies, hours, training phrases) and builds the bot with its officer side. */
export async function createBot(
  config: Config,
  logger: Logger,
  options: BotOptions = {},
): Promise<{ bot: LayaniBot; handoff: HandoffService }> {
  const catalogue = loadCatalogue(join(config.DATA_DIR, 'services'));
  const replies = Replies.load(config.DATA_DIR);
  const hours = loadOfficeHours({ spec: config.OFFICE_HOURS, timeZone: config.OFFICE_TIMEZONE, dataDir: config.DATA_DIR });
  const hoursText = describeSchedule(hours.schedule, hours.timeZone);
  const model = await options.model?.catch((err: unknown) => {
    logger.warn({ err }, 'background training failed; training now');
    return undefined;
  });
  const nlu = createNlu({ catalogue, dataDir: config.DATA_DIR, model });
  const stores = options.stores ?? (await openStores({ ...config, REDIS_URL: undefined, NODE_ENV: 'test' }, logger));
  let bot: LayaniBot | undefined;
  const handoff = new HandoffService({
    store: stores.handoff,
    events: stores.events,
    hours,
    replies,
    logger: logger.child({ component: 'handoff' }),
    deliver: (reference, activities) => bot!.adapter.deliver(reference, activities),
    now: options.now,
  });
  bot = new LayaniBot({
    catalogue,
    nlu,
    replies,
    logger: logger.child({ component: 'bot' }),
    handoff,
    gate: handoff,
    storage: stores.state,
    lock: stores.lock,
    onTurn: options.onTurn,
    hoursText: () => hoursText,
    answerThreshold: 0.6,
    maxMessageLength: config.MAX_MESSAGE_LENGTH,
    maxConcurrentTurns: config.MAX_CONCURRENT_TURNS,
  });
  bot.adapter.onDeliver = (reference, activities) => handoff.recordOutgoing(reference, activities);
  return { bot, handoff };
}

/** Wires the bot and the channels into one service. Nothing here listens yet. */
export async function createLayani(config: Config, logger: Logger, options: Pick<BotOptions, 'now' | 'model'> = {}): Promise<Layani> {
  const stores = await openStores(config, logger);
  const metrics = new LayaniMetrics();
  const { bot, handoff } = await createBot(config, logger, { ...options, stores, onTurn: metrics.recordTurn });
  const host: ChannelHost = {
    runner: bot,
    registerOutlet: (channelId: string, outlet: Outlet) => bot.adapter.registerOutlet(channelId, outlet),
  };
  const server = await buildServer({ config, logger, host, metrics, stores, desk: handoff });
  return { stores, bot, handoff, server, host };
}
