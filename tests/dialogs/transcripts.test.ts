import { beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { loadConfig } from '../../bot/config.js';
import { openStores } from '../../bot/stores.js';
import { createTestBot, quickReplies, texts, type TestChat } from '../support/bot.js';

const catalogue = loadCatalogue('data/services');
const nameOf = (id: string) => catalogue.find((s) => s.id === id)!.name;
let newChat: () => TestChat;

beforeAll(async () => {
  newChat = (await createTestBot()).chat;
});

describe('whole conversations', () => {
  it('a greeting says what the assistant can do', async () => {
    const replies = await newChat().say('halo selamat pagi');
    const text = texts(replies);
    expect(text).toMatch(/persyaratan/i);
    expect(text).toMatch(/biaya/i);
    for (const service of catalogue) expect(text).toContain(service.name);
    expect(quickReplies(replies).length).toBeGreaterThan(0);
  });

  it('requirements, then a fee follow-up, then "kalau sim?"', async () => {
    const chat = newChat();
    expect(texts(await chat.say('syarat paspor apa?'))).toMatch(new RegExp(`^Persyaratan ${nameOf('paspor')}`));
    expect(texts(await chat.say('biayanya berapa?'))).toMatch(new RegExp(`^Biaya ${nameOf('paspor')}`));
    const sim = texts(await chat.say('kalau sim?'));
    expect(sim).toMatch(new RegExp(`^Biaya ${nameOf('sim')}`));
    expect(sim).toMatch(/Rp/);
  });

  it('asks for a missing service, offering the list, and remembers the answer', async () => {
    const chat = newChat();
    const asked = await chat.say('berapa lama prosesnya ya?');
    expect(texts(asked)).toMatch(/layanan mana/i);
    expect(quickReplies(asked)).toEqual(catalogue.map((s) => s.name));
    expect(texts(await chat.say('akte'))).toMatch(new RegExp(`^Lama proses ${nameOf('akta-kelahiran')}`));
    expect(texts(await chat.say('trus syaratnya apa aja?'))).toMatch(new RegExp(`^Persyaratan ${nameOf('akta-kelahiran')}`));
  });

  it('asks again, with the list, after an answer that names no service; the waiting question is not kept in the state', async () => {
    const stores = await openStores(loadConfig({ DATA_DIR: 'data' }), pino({ level: 'silent' }));
    const chat = (await createTestBot({}, { stores })).chat();
    expect(texts(await chat.say('berapa lama prosesnya ya?'))).toMatch(/layanan mana/i);
    const state = await stores.state.read([`test/conversations/${chat.conversationId}/`]);
    const kept = JSON.stringify(Object.values(state)[0]);
    expect(kept).toContain('servicePrompt'); // the prompt waits...
    expect(kept).not.toContain(nameOf('akta-kelahiran')); // ...without its question and quick replies
    const again = await chat.say('hmm yang itu lho');
    expect(texts(again)).toContain(catalogue.map((s) => s.name).join(', '));
    expect(quickReplies(again)).toEqual(catalogue.map((s) => s.name));
    expect(texts(await chat.say('akte'))).toMatch(new RegExp(`^Lama proses ${nameOf('akta-kelahiran')}`));
    await stores.close();
  });

  it('a new question while the bot waits for the service is answered, not re-prompted', async () => {
    const chat = newChat();
    expect(texts(await chat.say('biayanya brp?'))).toMatch(/layanan mana/i);
    expect(texts(await chat.say('jam buka kantor kapan?'))).toMatch(/Senin–Jumat pukul 08\.00–15\.00 WIB/);
  });

  it('two misunderstandings in a row lead to the offer of an officer', async () => {
    const chat = newChat();
    const first = texts(await chat.say('asdkjh qwpoeiru zmxncb'));
    expect(first).not.toMatch(/petugas\?/);
    const second = await chat.say('lkjhg poiuyt mnbvc');
    expect(texts(second)).toMatch(/dihubungkan dengan petugas\?/);
    expect(quickReplies(second)).toHaveLength(2);
    expect(texts(await chat.say('iya boleh'))).toMatch(/petugas/);
  });

  it('declining the officer offer returns to the bot', async () => {
    const chat = newChat();
    await chat.say('xqzvw plmkj');
    await chat.say('wqpzx mnjkl');
    expect(texts(await chat.say('gak usah'))).toMatch(/kata lain/);
    expect(texts(await chat.say('syarat skck'))).toMatch(new RegExp(`^Persyaratan ${nameOf('skck')}`));
  });

  it('a complaint is acknowledged with the complaint channel', async () => {
    const text = texts(await newChat().say('petugas imigrasi kasar banget pas saya ngurus paspor, mau komplain'));
    expect(text).toMatch(/mohon maaf/i);
    expect(text).toContain(`Pengaduan layanan ${nameOf('paspor')}`);
  });

  it('hours come from configuration', async () => {
    const { chat } = await createTestBot({ OFFICE_HOURS: 'Mon-Thu 08:00-15:00; Fri 08:00-11:30,13:00-15:00', OFFICE_TIMEZONE: 'Asia/Makassar' });
    expect(texts(await chat().say('jam pelayanan petugas jam berapa?'))).toContain(
      'Senin–Kamis pukul 08.00–15.00 WITA; Jumat pukul 08.00–11.30 dan 13.00–15.00 WITA',
    );
  });
});

describe('bad input gets a polite answer and nothing crashes', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '', /kosong/],
    ['whitespace', '   \n\t ', /kosong/],
    ['10,000 characters', 'paspor '.repeat(1430), /terlalu panjang/],
    ['emoji only', '😀🙏🔥', /teks/],
    ['binary junk', '\u0000\u0001\u0002\ufffd\u0007', /kosong|teks/],
    ['another language', 'what will the weather be like in London tomorrow', /hanya dapat membantu/],
  ];
  for (const [name, input, expected] of cases) {
    it(name, async () => {
      const replies = await newChat().say(input);
      expect(replies).toHaveLength(1);
      expect(texts(replies)).toMatch(expected);
      expect(texts(replies)).not.toMatch(/Error|at .*\.ts/);
    });
  }

  it('an image without text gets a request to type', async () => {
    const replies = await newChat().say('', { attachments: [{ contentType: 'image/jpeg', contentUrl: 'http://x/y.jpg' }] });
    expect(texts(replies)).toMatch(/belum dapat membaca gambar/);
  });
});

describe('turns of one conversation run one at a time', () => {
  it('a burst of messages never loses state', async () => {
    const chat = newChat();
    await chat.say('syarat paspor apa');
    const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => chat.say(i % 2 ? 'biayanya berapa?' : 'berapa lama jadinya?')));
    for (const replies of burst) expect(texts(replies)).toContain(nameOf('paspor'));
  });
});
