import { beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder-core';
import { pino } from 'pino';
import { loadConfig } from '../../bot/config.js';
import type { HandoffService } from '../../bot/handoff/service.js';
import { MemoryHandoffStore } from '../../bot/handoff/memory-store.js';
import type { ConversationRecord } from '../../bot/handoff/types.js';
import { openStores } from '../../bot/stores.js';
import { createTestBot, texts, type TestChat } from '../support/bot.js';

// Monday 30 November 2026, 09:00 WIB (02:00 UTC): officers are in.
const MONDAY_0900 = Date.parse('2026-11-30T02:00:00Z');
const SATURDAY_1000 = Date.parse('2026-11-28T03:00:00Z');

let now: number;
let handoff: HandoffService;
let sent: Partial<Activity>[];
let newChat: () => TestChat;

beforeEach(async () => {
  now = MONDAY_0900;
  const bot = await createTestBot({}, { now: () => now });
  handoff = bot.handoff;
  sent = bot.sent;
  newChat = bot.chat;
});

const key = (chat: TestChat) => `test/${chat.conversationId}`;
const inbox = (chat: TestChat) => sent.filter((a) => a.conversation?.id === chat.conversationId && a.type === 'message');
const lastText = (chat: TestChat) => inbox(chat).at(-1)?.text ?? '';

describe('handoff in operating hours', () => {
  it('queues the citizen with a position, and the bot stays silent while queued', async () => {
    const first = newChat();
    const second = newChat();
    expect(texts(await first.say('saya mau bicara dengan petugas'))).toMatch(/antrean nomor 1/);
    expect(texts(await second.say('tolong sambungkan ke operator'))).toMatch(/antrean nomor 2/);
    expect((await handoff.queue()).map((q) => q.record.key)).toEqual([key(first), key(second)]);

    expect(await first.say('syarat paspor apa?')).toEqual([]);
    const { transcript } = await handoff.conversation(key(first));
    expect(transcript.at(-1)).toMatchObject({ author: 'citizen', text: 'syarat paspor apa?' });
  });

  it('"batal" leaves the queue and the bot answers again', async () => {
    const chat = newChat();
    await chat.say('mau ngobrol sama petugas');
    expect(texts(await chat.say('batal'))).toMatch(/keluar dari antrean/);
    expect(await handoff.queue()).toEqual([]);
    expect(texts(await chat.say('biaya skck berapa?'))).toMatch(/^Biaya SKCK/);
  });

  it('claim, reply, hand back, then close with a satisfaction score', async () => {
    const chat = newChat();
    await chat.say('saya mau bicara dengan petugas');
    await chat.say('paspor saya belum jadi 2 minggu');
    const view = await handoff.conversation(key(chat));
    expect(view.record.owner).toBe('queued');

    now += 4 * 60_000;
    await handoff.claim(key(chat), 'budi');
    expect(lastText(chat)).toBe('Anda terhubung dengan petugas budi.');
    await handoff.reply(key(chat), 'budi', 'Baik, saya cek dulu permohonan Anda.');
    const officerMessage = inbox(chat).at(-1)!;
    expect(officerMessage).toMatchObject({ text: 'Baik, saya cek dulu permohonan Anda.', from: { name: 'budi', role: 'officer' } });

    expect(await chat.say('terima kasih pak')).toEqual([]);
    await handoff.handBack(key(chat), 'budi');
    expect(lastText(chat)).toMatch(/kembali dilayani asisten/);
    expect(texts(await chat.say('syarat sim apa saja?'))).toMatch(/^Persyaratan SIM/);

    await handoff.reply(key(chat), 'budi', 'Ada lagi yang bisa dibantu?');
    await handoff.close(key(chat), 'budi');
    expect(lastText(chat)).toMatch(/balas angka 1 \(buruk\) sampai 5/);
    expect(texts(await chat.say('5'))).toMatch(/Terima kasih atas penilaian/);
    expect((await handoff.conversation(key(chat))).record).toMatchObject({ owner: 'bot', rating: 5 });

    const authors = (await handoff.conversation(key(chat))).transcript.map((e) => e.author);
    expect(authors).toEqual(expect.arrayContaining(['citizen', 'bot', 'officer', 'system']));
  });

  it('an officer reply claims an unclaimed conversation; others are refused', async () => {
    const chat = newChat();
    await chat.say('hubungkan saya dengan cs');
    await handoff.reply(key(chat), 'sari', 'Halo, dengan Sari di sini.');
    expect((await handoff.conversation(key(chat))).record).toMatchObject({ owner: 'officer', officer: 'sari' });
    await expect(handoff.reply(key(chat), 'budi', 'saya bantu')).rejects.toMatchObject({ code: 'conflict' });
    await expect(handoff.handBack(key(chat), 'budi')).rejects.toMatchObject({ code: 'forbidden' });
    await handoff.transfer(key(chat), 'sari', 'budi');
    expect(lastText(chat)).toBe('Anda terhubung dengan petugas budi.');
    expect(await handoff.load()).toEqual({ budi: 1 });
  });

  it('estimates the wait from recent history', async () => {
    for (let i = 0; i < 3; i++) {
      const c = newChat();
      await c.say('mau bicara dengan petugas');
      now += 6 * 60_000;
      await handoff.claim(key(c), 'budi');
    }
    const chat = newChat();
    expect(texts(await chat.say('minta disambungkan ke petugas'))).toMatch(/sekitar 6 menit/);
  });

  it('when hours end, people still waiting are told and get a ticket', async () => {
    now = Date.parse('2026-11-30T07:50:00Z'); // 14:50 WIB
    const chat = newChat();
    await chat.say('saya mau bicara dengan petugas');
    now = Date.parse('2026-11-30T08:01:00Z'); // 15:01 WIB
    await handoff.sweep();
    expect(lastText(chat)).toMatch(/jam layanan petugas sudah berakhir[\s\S]*LYN-\d{6}-\d{4}[\s\S]*besok, Selasa, 1 Desember 2026 pukul 08\.00 WIB/);
    expect(await handoff.queue()).toEqual([]);
    expect(await handoff.tickets('open')).toHaveLength(1);
  });
});

describe('out of hours', () => {
  it('gives the next opening, takes a message as a ticket, and the answer reaches the citizen', async () => {
    now = SATURDAY_1000;
    const chat = newChat();
    const reply = texts(await chat.say('saya mau bicara dengan petugas'));
    expect(reply).toMatch(/di luar jam layanan petugas/);
    expect(reply).toContain('Senin, 30 November 2026 pukul 08.00 WIB');
    const ticketReply = texts(await chat.say('KK saya salah nama ibu, bagaimana membetulkannya?'));
    const number = /LYN-\d{6}-\d{4}/.exec(ticketReply)?.[0];
    expect(number).toBeDefined();
    expect(texts(await chat.say('syarat ktp apa?'))).toMatch(/^Persyaratan KTP/);

    now = MONDAY_0900;
    const [ticket] = await handoff.tickets('open');
    expect(ticket).toMatchObject({ number, message: 'KK saya salah nama ibu, bagaimana membetulkannya?' });
    await handoff.answerTicket(number!, 'budi', 'Silakan datang ke Disdukcapil dengan KK dan akta lahir ibu.');
    expect(lastText(chat)).toBe('Silakan datang ke Disdukcapil dengan KK dan akta lahir ibu.');
    expect(await handoff.tickets('open')).toEqual([]);
    await expect(handoff.answerTicket(number!, 'budi', 'lagi')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('"batal" instead of a message cancels it', async () => {
    now = SATURDAY_1000;
    const chat = newChat();
    await chat.say('tolong sambungkan ke petugas');
    expect(texts(await chat.say('batal'))).toMatch(/tidak jadi dikirim/);
    expect(await handoff.tickets()).toEqual([]);
  });
});

describe('media while with an officer', () => {
  it('the officer sees the attachment', async () => {
    const chat = newChat();
    await chat.say('saya mau bicara dengan petugas');
    await handoff.claim(key(chat), 'budi');
    expect(await chat.say('', { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://x/ktp.jpg', name: 'ktp.jpg' }] })).toEqual([]);
    const last = (await handoff.conversation(key(chat))).transcript.at(-1);
    expect(last?.attachments).toEqual([{ contentType: 'image/jpeg', name: 'ktp.jpg', url: 'https://x/ktp.jpg' }]);
  });
});

describe('the record during a citizen turn', () => {
  it('is read once and saved once, with what the bot understood and when the citizen wrote', async () => {
    const calls: string[] = [];
    class CountingStore extends MemoryHandoffStore {
      override async getConversation(key: string) {
        calls.push('getConversation');
        return super.getConversation(key);
      }
      override async saveConversation(record: ConversationRecord) {
        calls.push('saveConversation');
        return super.saveConversation(record);
      }
    }
    const stores = await openStores(loadConfig({ NODE_ENV: 'test' }), pino({ level: 'silent' }));
    stores.handoff = new CountingStore();
    const bot = await createTestBot({}, { now: () => now, stores });
    const chat = bot.chat();
    for (const [text, intent] of [['syarat paspor apa?', 'ask_requirements'], ['biaya paspor berapa?', 'ask_fee'], ['biaya paspor berapa?', 'ask_fee']] as const) {
      calls.length = 0;
      now += 60_000;
      expect(texts(await chat.say(text))).not.toBe('');
      expect(calls).toEqual(['getConversation', 'saveConversation']);
      expect((await bot.handoff.conversation(key(chat))).record).toMatchObject({ owner: 'bot', intent, service: 'paspor', lastCitizenAt: now });
    }
    await chat.say('saya mau bicara dengan petugas');
    calls.length = 0;
    now += 60_000;
    expect(await chat.say('masih lama?')).toEqual([]);
    expect(calls).toEqual(['getConversation', 'saveConversation']);
    expect((await bot.handoff.conversation(key(chat))).record).toMatchObject({ owner: 'queued', lastCitizenAt: now });
  });
});
