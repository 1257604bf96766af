import type { AddressInfo } from 'node:net';
import { loadOrTrainModel } from '../intents/train-in-background.js';

// The model the build saved, or else training starts first, on the other core, while this thread loads
// the server (start-up time).
const model = loadOrTrainModel(process.env.DATA_DIR || 'data');
model.catch(() => undefined); // a failure is handled where the model is awaited

const { loadConfig } = await import('./config.js');
const { createLogger } = await import('./logger.js');
const { createLayani } = await import('./app.js');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  let layani;
  try {
    layani = await createLayani(config, logger, { model });
  } catch (err) {
    // Broken data (catalogue, replies, hours) stops the start with a message naming file and field.
    logger.fatal((err as Error).message);
    process.exit(1);
  }
  const { server, bot, handoff, stores } = layani;
  if (stores.kind === 'memory') {
    logger.warn(
      'In-memory store: conversations, queue, tickets and transcripts are lost when Layani stops. Set REDIS_URL (e.g. redis://localhost:6379) to keep them.',
    );
  }
  // When operating hours end, people still waiting are told and their requests become tickets.
  const sweeper = setInterval(() => {
    handoff.sweep().catch((err: unknown) => logger.error({ err }, 'handoff sweep failed'));
  }, 30_000).unref();
  await server.listen({ port: config.PORT, host: config.HOST });
  const { port } = server.server.address() as AddressInfo;
  logger.info({ port, store: config.REDIS_URL ? 'redis' : 'memory' }, `Layani siap di http://localhost:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing running turns');
    const deadline = setTimeout(() => process.exit(1), 10_000).unref();
    clearInterval(sweeper);
    await server.close();
    await bot.drain();
    await stores.close();
    clearTimeout(deadline);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
