import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Layani } from '../../bot/app.js';
import { textMessage } from './support/cloud-payloads.js';
import { startCloudLayani, type CloudLayani } from './support/cloud-layani.js';
import { FakeGraph } from './support/fake-graph.js';
import { Officer } from '../support/console-client.js';
import { OFFICER_PASSWORD as PASSWORD } from '../support/officers.js';

/**
 * The whole composition `npm start` builds with WHATSAPP_MODE=cloud: a WhatsApp citizen asks for an
 * officer, the officer answers from the desk (as the console does), and the answer reaches the fake Graph API.
 */
const MONDAY_0900_WIB = Date.parse('2026-11-30T02:00:00Z');
const graph = new FakeGraph();
let layani: Layani;
let base: string;

let cloud: CloudLayani;

beforeAll(async () => {
  await graph.start();
  cloud = await startCloudLayani(graph, MONDAY_0900_WIB);
  ({ layani, base } = cloud);
});

afterAll(async () => {
  await cloud?.close();
  await graph.close();
});

async function citizenWrites(waId: string, text: string): Promise<void> {
  await cloud.post(textMessage(waId, text));
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
