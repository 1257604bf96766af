import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLayani, type Layani } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { APP_SECRET, BUSINESS, sign, textMessage } from './support/cloud-payloads.js';
import { FakeGraph } from './support/fake-graph.js';
import { Officer } from '../support/console-client.js';

/**
 * The whole composition `npm start` builds with WHATSAPP_MODE=cloud: a WhatsApp citizen asks for an
 * officer, the officer answers from the desk (as the console does), and the answer reaches the fake Graph API.
 */
const MONDAY_0900_WIB = Date.parse('2026-11-30T02:00:00Z');
const PASSWORD = 'rahasia-petugas-2026';
const graph = new FakeGraph();
let layani: Layani;
let base: string;

beforeAll(async () => {
  await graph.start();
  const accounts = join(mkdtempSync(join(tmpdir(), 'layani-wa-')), 'officers.json');
  execFileSync(process.execPath, ['--import', 'tsx', 'bot/cli/officer.ts', 'add', 'budi', '--role', 'officer'], {
    input: `${PASSWORD}\n`,
    env: { ...process.env, OFFICER_ACCOUNTS_FILE: accounts, REDIS_URL: '' },
  });
  const config = loadConfig({
    OFFICER_ACCOUNTS_FILE: accounts,
    DATA_DIR: 'data',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_VERIFY_TOKEN: 'verify-token',
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_ACCESS_TOKEN: 'EAAtest',
    WHATSAPP_PHONE_NUMBER_ID: BUSINESS.phoneNumberId,
    WHATSAPP_GRAPH_URL: graph.url,
  });
  layani = await createLayani(config, pino({ level: 'silent' }), { now: () => MONDAY_0900_WIB });
  await layani.server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(layani.server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await layani?.server.close();
  await graph.close();
});

async function citizenWrites(waId: string, text: string): Promise<void> {
  const raw = JSON.stringify(textMessage(waId, text));
  const response = await fetch(`${base}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
    body: raw,
  });
  expect(response.status).toBe(200);
}

const bodies = (waId: string) => graph.sentTo(waId).map((m) => JSON.stringify(m));

describe('a WhatsApp citizen and an officer', () => {
  it('queues, the officer claims and replies, and the reply reaches WhatsApp', async () => {
    const waId = '6281234500001';
    await citizenWrites(waId, 'saya mau bicara dengan petugas');
    await vi.waitFor(() => expect(bodies(waId).join()).toContain('antrean nomor 1'), { timeout: 10_000 });

    const [item] = await layani.handoff.queue();
    expect(item?.record).toMatchObject({ channelId: 'whatsapp', owner: 'queued', citizenName: 'Siti Aminah' });
    await layani.handoff.reply(item!.record.key, 'budi', 'Selamat pagi Bu Siti, ada yang bisa saya bantu?');
    await vi.waitFor(() => expect(bodies(waId).join()).toContain('Selamat pagi Bu Siti, ada yang bisa saya bantu?'), { timeout: 10_000 });
    expect(bodies(waId).join()).toContain('Anda terhubung dengan petugas budi.');

    // While the officer has the conversation, the bot stays silent; the officer sees the message.
    const sentBefore = graph.sentTo(waId).length;
    await citizenWrites(waId, 'paspor saya hilang pak');
    await vi.waitFor(async () => {
      const { transcript } = await layani.handoff.conversation(item!.record.key);
      expect(transcript.at(-1)).toMatchObject({ author: 'citizen', text: 'paspor saya hilang pak' });
    });
    expect(graph.sentTo(waId)).toHaveLength(sentBefore);
  });

  it('the console shows when a WhatsApp conversation is outside the 24-hour window', async () => {
    const officer = new Officer(base);
    await officer.login('budi', PASSWORD);
    const recent = '6281234500002';
    await citizenWrites(recent, 'syarat sim apa');
    await vi.waitFor(() => expect(graph.sentTo(recent).length).toBeGreaterThan(0), { timeout: 10_000 });
    expect((await officer.conversation(`whatsapp/wa:${recent}`)).replyWindowClosed).toBe(false);

    // A citizen known from before (a ticket left long ago) but silent since: outside the window.
    await layani.stores.handoff.saveConversation({
      key: 'whatsapp/wa:6281234500003',
      channelId: 'whatsapp',
      reference: { channelId: 'whatsapp', conversation: { id: 'wa:6281234500003' } as never },
      owner: 'bot',
      lastCitizenAt: MONDAY_0900_WIB - 3 * 86_400_000,
    });
    expect((await officer.conversation('whatsapp/wa:6281234500003')).replyWindowClosed).toBe(true);
  });
});
