/**
 * Prints a new preset dictionary for text-codec.ts, as a complete module made from the current data:
 *
 *   npx tsx bot/store/cli/text-dictionary.ts [--number N] >> bot/store/text-dictionary.ts
 *
 * N (1–9: a packed text names its dictionary by one character) defaults to one more than the last
 * DICTIONARY_n that text-dictionary.ts exports. Then register the new dictionary in text-codec.ts's
 * DICTIONARIES and make it CURRENT. Never regenerate an existing one: stored texts inflate only with
 * the exact dictionary they were deflated with.
 *
 * The lines, as for DICTIONARY_1: every line of every answer composeAnswer() gives (each service,
 * component and variant) and every quick reply it offers, least used first (lines used alike in code-unit
 * order); then the reply texts of data/replies; then the JSON shapes of stored Direct Line activities.
 * Least used lines are left out until the whole fits deflate's window.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { MessageFactory, TurnContext, type Activity } from 'botbuilder-core';
import { loadCatalogue } from '../../catalogue/load.js';
import type { ComponentName, Service } from '../../catalogue/schema.js';
import { composeAnswer } from '../../../dialogs/compose.js';
import { Replies } from '../../../dialogs/replies.js';
import { citizenActivity, outgoingActivity } from '../../../channels/webchat/directline/activity.js';
import { activityParts } from '../../../channels/webchat/store/stored-activity.js';
import * as dictionaries from '../text-dictionary.js';

/** Deflate looks back at most 32 KiB less its 262 bytes of lookahead: more dictionary is never used. */
export const WINDOW = 32 * 1024 - 262;

/** The dictionary's lines for the data in `dataDir`, least used answer lines first. */
export function dictionaryLines(dataDir: string): string[] {
  const replies = Replies.load(dataDir);
  const lines = [...answerLines(loadCatalogue(join(dataDir, 'services')), replies), ...replyLines(replies), ...activityShapes(replies)];
  let size = Buffer.byteLength(lines.join('\n'));
  while (size > WINDOW) size -= Buffer.byteLength(lines.shift()!) + 1;
  return lines;
}

/** The module to save: the header comment and `export const DICTIONARY_<number>`. */
export function dictionaryModule(number: number, lines: string[], date = new Date().toISOString().slice(0, 10)): string {
  return `/**
 * Preset dictionary ${number} of the texts kept deflated in Redis (see text-codec.ts): the words Layani's
 * stored texts are mostly made of, so that a catalogue answer of 500–1,000 bytes deflates to 30–100.
 *
 * Made on ${date} from the data of that day: every line of every answer composeAnswer() gives
 * (each service, component and variant) and every quick reply it offers, least used first; then the
 * reply texts of data/replies/id.json; then the JSON shapes of stored Direct Line activities (\\u0001
 * stands for the conversation's id). Deflate looks back at most 32 KiB - 262 bytes, so the least used
 * answer lines that did not fit were left out.
 *
 * Frozen: stored texts name the dictionary they were deflated with, and only this exact text inflates
 * them. When the catalogue has changed enough to matter, add a dictionary ${number + 1} beside this one.
 *
 * bot/store/cli/text-dictionary.ts makes such a dictionary from the current data and prints its module:
 * \`npx tsx bot/store/cli/text-dictionary.ts --number ${number + 1}\`.
 */
export const DICTIONARY_${number} = [
${lines.map((line) => `  ${JSON.stringify(line)},`).join('\n')}
].join('\\n');
`;
}

/** Every answer's lines and quick replies, each once, least used first. */
function answerLines(catalogue: Service[], replies: Replies): string[] {
  const uses = new Map<string, number>();
  const use = (line: string) => uses.set(line, (uses.get(line) ?? 0) + 1);
  for (const service of catalogue) {
    for (const component of Object.keys(service.components) as ComponentName[]) {
      for (const variant of [null, ...service.variants.map((v) => v.id)]) {
        const answer = composeAnswer(service, component, variant, replies);
        for (const line of [...answer.text.split('\n'), ...answer.suggestions]) use(line);
      }
    }
  }
  return [...uses]
    .sort(([a, m], [b, n]) => m - n || (a < b ? -1 : a > b ? 1 : 0))
    .map(([line]) => line);
}

/** Words Layani looks for in what citizens write, not texts it sends. */
const READ_ONLY = new Set(['yes', 'no', 'cancelWords']);

/** The reply texts, in the order of data/replies (placeholders such as {service} left as they are). */
function replyLines(replies: Replies): string[] {
  return Object.entries(replies.data)
    .filter(([key]) => !READ_ONLY.has(key))
    .flatMap(([, value]) => (typeof value === 'string' ? [value] : Object.values(value)));
}

/**
 * What a stored Direct Line entry packs besides texts (see stored-activity.ts), made by the channel's
 * own code: a bot message with two quick replies, cut before and after its text, and a citizen's
 * message. The deployment's address is cut to its scheme.
 */
function activityShapes(replies: Replies): string[] {
  const conversationId = 'c0nversation-1d';
  const text = '\u0002';
  const citizen = citizenActivity(
    { type: 'message', text: 'halo', locale: 'id-ID' },
    { conversationId, userId: 'dl_citizen', serviceUrl: 'https://', now: new Date() },
  );
  const reference = TurnContext.getConversationReference({ ...citizen, id: `${conversationId}|0000001` } as Partial<Activity>);
  const choices = ['ask_requirements', 'ask_fee'].map((intent) => replies.data.intentChoices[intent] ?? intent);
  const answer = TurnContext.applyConversationReference(MessageFactory.suggestedActions(choices, text), reference);
  const [beforeText, afterText] = packedPart(outgoingActivity(answer, conversationId, new Date()), conversationId).split(
    JSON.stringify(text).slice(1, -1),
  ) as [string, string];
  return [beforeText, afterText, packedPart(citizen, conversationId)];
}

/** The part of the activity's stored entry that is packed, the conversation's id written \u0001. */
function packedPart(activity: Record<string, unknown>, conversationId: string): string {
  return activityParts(activity, conversationId)[1];
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { number: { type: 'string' } } });
  const last = Math.max(...Object.keys(dictionaries).map((name) => Number(name.replace('DICTIONARY_', ''))));
  const number = values.number === undefined ? last + 1 : Number(values.number);
  if (!Number.isInteger(number) || number < 1 || number > 9) throw new Error(`--number must be 1 to 9, not ${values.number}`);
  const dataDir = process.env.DATA_DIR ?? fileURLToPath(new URL('../../../data', import.meta.url));
  process.stdout.write(dictionaryModule(number, dictionaryLines(dataDir)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
