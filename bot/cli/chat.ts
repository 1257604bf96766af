/**
 * `npm run chat`: talk to the bot in the terminal, exactly as a citizen would on a channel.
 * Quick replies are numbered; type the number to press one. Ctrl+D or "/keluar" ends.
 */
import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createBot } from '../app.js';

const config = loadConfig();
const { bot } = await createBot(config, createLogger(process.env.LOG_LEVEL ?? 'warn'));
const conversationId = `terminal-${randomUUID()}`;
let quickReplies: string[] = [];

bot.adapter.registerOutlet('terminal', {
  async deliver(_reference, activities) {
    for (const activity of activities) print(activity);
    return activities.map(() => ({ id: randomUUID() }));
  },
});

function print(activity: Partial<Activity>): void {
  if (activity.type !== 'message') return;
  process.stdout.write(`\nLayani: ${(activity.text ?? '').replace(/\n/g, '\n        ')}\n`);
  quickReplies = activity.suggestedActions?.actions.map((a) => String(a.value ?? a.title)) ?? [];
  quickReplies.forEach((choice, i) => process.stdout.write(`        [${i + 1}] ${choice}\n`));
}

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
process.stdout.write('Ketik pertanyaan Anda (/keluar untuk selesai).\n');
rl.setPrompt('\nAnda: ');
rl.prompt();
for await (const line of rl) {
  if (line.trim() === '/keluar') break;
  const picked = /^\d+$/.test(line.trim()) ? quickReplies[Number(line.trim()) - 1] : undefined;
  await bot.run({
    type: 'message',
    id: randomUUID(),
    timestamp: new Date(),
    channelId: 'terminal',
    serviceUrl: 'terminal://local',
    from: { id: 'citizen', name: 'Warga', role: 'user' },
    recipient: { id: 'layani', name: 'Layani', role: 'bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'terminal' },
    text: picked ?? line,
  });
  rl.prompt();
}
rl.close();
