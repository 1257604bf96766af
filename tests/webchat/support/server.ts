import type { AddressInfo } from 'node:net';
import type { Activity, ConversationReference } from 'botbuilder-core';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createBot } from '../../../bot/app.js';
import type { ChannelHost, Outlet, TurnRunner } from '../../../bot/channel.js';
import { loadConfig } from '../../../bot/config.js';
import { checkInput } from '../../../bot/input.js';
import { buildServer } from '../../../bot/server.js';
import { Replies } from '../../../dialogs/replies.js';

export const SECRET = 'test-directline-secret-0123456789';
export const SIGNING_KEY = 'test-token-signing-key-0123456789abcdef';

/** `WEBCHAT_TEST_BOT=real npx vitest run tests/webchat` runs these tests against Layani's real bot. */
export const realBot = process.env.WEBCHAT_TEST_BOT === 'real';

export const QUICK_REPLIES = [
  { type: 'imBack', title: 'Syarat paspor', value: 'syarat paspor' },
  { type: 'imBack', title: 'Biaya SIM', value: 'biaya SIM' },
];
export const SLOW_PREFIX = 'lambat';
export const SLOW_MS = 1500;

export interface TestServer {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  url: string;
  /** The web chat outlet (to say something to a conversation as an officer would). */
  outlet: Outlet;
  /** Turns the runner has finished. */
  finishedTurns: Partial<Activity>[];
  close(): Promise<void>;
}

/**
 * A small bot for channel tests: echoes a message with two quick replies; a message starting with
 * "lambat" first sends typing and answers 1.5 s later; bad input gets the real polite answers.
 */
function echoRunner(getOutlet: () => Outlet, maxMessageLength: number, finished: Partial<Activity>[]): TurnRunner {
  const replies = Replies.load('data');
  return {
    async run(activity, storing) {
      if (activity.type !== 'message') return;
      if (storing) {
        // As LayaniBot does: no turn for what could not be stored; the id once it is.
        const id = await storing.catch(() => undefined);
        if (id === undefined) return;
        activity.id = id;
      }
      const reference: Partial<ConversationReference> = {
        channelId: activity.channelId,
        conversation: activity.conversation,
        bot: activity.recipient,
        user: activity.from,
        serviceUrl: activity.serviceUrl,
        activityId: activity.id,
      };
      const reply = (a: Partial<Activity>) =>
        getOutlet().deliver(reference, [{ from: activity.recipient, recipient: activity.from, replyToId: activity.id, ...a }]);
      const input = checkInput(activity, maxMessageLength);
      if (input.kind !== 'text') {
        await reply({ type: 'message', text: replies.text(input.kind, { max: maxMessageLength.toLocaleString('id-ID') }) });
      } else if (input.text.toLowerCase().startsWith(SLOW_PREFIX)) {
        await reply({ type: 'typing' });
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
        await reply({ type: 'message', text: `Maaf lama. Anda bertanya: ${input.text}` });
      } else {
        await reply({
          type: 'message',
          text: `Anda bertanya: ${input.text}`,
          suggestedActions: { to: [], actions: QUICK_REPLIES.map((a) => ({ ...a })) },
        } as Partial<Activity>);
      }
      finished.push(activity);
    },
  };
}

export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({
    DATA_DIR: 'data',
    LOG_LEVEL: 'silent',
    DIRECTLINE_SECRET: SECRET,
    TOKEN_SIGNING_KEY: SIGNING_KEY,
    ...env,
  });
  const logger = pino({ level: 'silent' });
  const finishedTurns: Partial<Activity>[] = [];
  let outlet: Outlet | undefined;
  let host: ChannelHost;
  if (realBot) {
    const { bot } = await createBot(config, logger);
    host = {
      runner: bot,
      registerOutlet: (channelId, o) => {
        outlet = o;
        bot.adapter.registerOutlet(channelId, o);
      },
    };
  } else {
    host = {
      runner: echoRunner(() => outlet!, config.MAX_MESSAGE_LENGTH, finishedTurns),
      registerOutlet: (_channelId, o) => {
        outlet = o;
      },
    };
  }
  const app = await buildServer({ config, logger, host });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, outlet: outlet!, finishedTurns, close: () => app.close() };
}

export function auth(credential: string): Record<string, string> {
  return { authorization: `Bearer ${credential}` };
}

/** A conversation started through the public token endpoint, as the widget does. */
export async function newConversation(url: string): Promise<{ conversationId: string; token: string; userId: string; streamUrl: string }> {
  const issued = (await (await fetch(`${url}/webchat/token`, { method: 'POST' })).json()) as { conversationId: string; token: string; userId: string };
  const started = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth(issued.token) });
  const body = (await started.json()) as { streamUrl: string };
  return { ...issued, streamUrl: body.streamUrl };
}

export async function waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
