import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationUrl, login, startConsole, type ConsoleServer, type Officer } from './support/server.js';

let server: ConsoleServer;
let budi: Officer;
let rina: Officer;
let siti: Officer;
const KEY = 'whatsapp/6281234567890@c.us';

beforeAll(async () => {
  server = await startConsole({ env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
  [budi, rina, siti] = await Promise.all([login(server.app, 'budi'), login(server.app, 'rina'), login(server.app, 'siti')]);
});
afterAll(() => server?.close());
beforeEach(() => {
  server.desk.records.clear();
  server.desk.transcripts.clear();
  server.desk.enqueue(KEY, {
    citizenName: 'Ani',
    intent: 'ask_fee',
    service: 'paspor',
    history: [{ author: 'citizen', text: 'brp biaya paspor', intent: 'ask_fee', confidence: 0.93, service: 'paspor' }, { author: 'bot', text: 'Biaya paspor …' }],
  });
});

describe('the queue and a conversation', () => {
  it('list waiting conversations with waiting time, channel, intent and service, without the channel address', async () => {
    const response = await budi.request('GET', '/console/api/queue');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0].record).toMatchObject({ key: KEY, channelId: 'whatsapp', citizenName: 'Ani', owner: 'queued', intent: 'ask_fee', service: 'paspor' });
    expect(body.items[0].waitingMs).toBeGreaterThanOrEqual(0);
    expect(typeof body.now).toBe('number');
    expect(response.body).not.toContain('secret-address');
    expect(body.items[0].record.reference).toBeUndefined();
  });

  it('give the whole transcript with what the bot understood', async () => {
    const response = await budi.request('GET', conversationUrl(KEY));
    expect(response.statusCode).toBe(200);
    const { record, transcript } = response.json();
    expect(record.key).toBe(KEY);
    expect(transcript[0]).toMatchObject({ author: 'citizen', text: 'brp biaya paspor', intent: 'ask_fee', confidence: 0.93, service: 'paspor' });
    expect(transcript[1]).toMatchObject({ author: 'bot' });
  });

  it('answer 404 for an unknown conversation', async () => {
    const response = await budi.request('GET', conversationUrl('webchat/nope'));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'Percakapan tidak ditemukan.' });
  });
});

describe('officer actions', () => {
  it('claim, reply, note, hand back', async () => {
    expect((await budi.request('POST', conversationUrl(KEY, 'claim'))).json().record).toMatchObject({ owner: 'officer', officer: 'budi' });
    const conflict = await rina.request('POST', conversationUrl(KEY, 'claim'));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error).toBe('conflict');

    expect((await budi.request('POST', conversationUrl(KEY, 'reply'), { text: 'Selamat siang, Bu Ani.' })).json()).toEqual({ ok: true });
    expect(server.desk.delivered.at(-1)).toMatchObject({ key: KEY, kind: 'message', text: 'Selamat siang, Bu Ani.', officer: 'budi' });
    expect((await budi.request('POST', conversationUrl(KEY, 'note'), { text: 'Sudah bayar PNBP.' })).statusCode).toBe(200);
    expect((await budi.request('POST', conversationUrl(KEY, 'typing'))).statusCode).toBe(200);
    expect((await rina.request('POST', conversationUrl(KEY, 'typing'))).statusCode).toBe(403);
    expect((await rina.request('POST', conversationUrl(KEY, 'hand-back'))).statusCode).toBe(403);
    expect((await budi.request('POST', conversationUrl(KEY, 'hand-back'))).json().record.owner).toBe('bot');
  });

  it('a reply claims an unclaimed conversation; close asks for the score', async () => {
    await rina.request('POST', conversationUrl(KEY, 'reply'), { text: 'Halo' });
    expect(server.desk.records.get(KEY)).toMatchObject({ owner: 'officer', officer: 'rina' });
    expect((await rina.request('POST', conversationUrl(KEY, 'close'))).json().record).toMatchObject({ owner: 'closed', pending: 'rating' });
  });

  it('refuse empty, blank or too long text with 400', async () => {
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(4001) }]) {
      const response = await budi.request('POST', conversationUrl(KEY, 'reply'), body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(response.json().error).toBe('invalid');
    }
  });

  it('transfer to another officer; only to an existing account', async () => {
    await budi.request('POST', conversationUrl(KEY, 'claim'));
    const unknown = await budi.request('POST', conversationUrl(KEY, 'transfer'), { to: 'tidakada' });
    expect(unknown.statusCode).toBe(400);
    expect((await budi.request('POST', conversationUrl(KEY, 'transfer'), { to: '<script>' })).statusCode).toBe(400);
    expect((await rina.request('POST', conversationUrl(KEY, 'transfer'), { to: 'siti' })).statusCode).toBe(403);
    expect((await budi.request('POST', conversationUrl(KEY, 'transfer'), { to: 'rina' })).json().record).toMatchObject({ officer: 'rina' });
  });

  it('a supervisor moves another officer’s conversation and assigns a waiting one', async () => {
    const assigned = await siti.request('POST', conversationUrl(KEY, 'transfer'), { to: 'budi' });
    expect(assigned.json().record).toMatchObject({ owner: 'officer', officer: 'budi' });
    const moved = await siti.request('POST', conversationUrl(KEY, 'transfer'), { to: 'rina' });
    expect(moved.json().record).toMatchObject({ owner: 'officer', officer: 'rina' });
    const notes = server.desk.transcripts.get(KEY)!.filter((e) => e.author === 'note').map((e) => `${e.name}: ${e.text}`);
    expect(notes).toEqual(['siti: Supervisor siti menugaskan percakapan ke budi.', 'siti: Supervisor siti memindahkan percakapan ke rina.']);
    // Not a conversation the bot holds.
    await server.desk.handBack(KEY, 'rina');
    expect((await siti.request('POST', conversationUrl(KEY, 'transfer'), { to: 'budi' })).statusCode).toBe(403);
  });
});

describe('tickets, load, officers, canned replies', () => {
  it('list open tickets and answer one (409 the second time)', async () => {
    server.desk.openTicket(KEY, 'LYN-261123-0001', 'Mohon info jadwal wawancara paspor.');
    const list = await budi.request('GET', '/console/api/tickets?status=open');
    expect(list.json().tickets).toEqual([expect.objectContaining({ number: 'LYN-261123-0001', status: 'open', message: 'Mohon info jadwal wawancara paspor.' })]);
    expect((await budi.request('GET', '/console/api/tickets?status=bogus')).statusCode).toBe(400);
    const answered = await budi.request('POST', '/console/api/tickets/LYN-261123-0001/answer', { text: 'Jadwal wawancara Senin pukul 09.00.' });
    expect(answered.json().ticket).toMatchObject({ status: 'answered', answeredBy: 'budi' });
    expect((await budi.request('POST', '/console/api/tickets/LYN-261123-0001/answer', { text: 'lagi' })).statusCode).toBe(409);
    expect((await budi.request('POST', '/console/api/tickets/LYN-000/answer', { text: 'x' })).statusCode).toBe(404);
  });

  it('show the supervisor every officer’s load, including officers with none', async () => {
    await budi.request('POST', conversationUrl(KEY, 'claim'));
    const load = (await siti.request('GET', '/console/api/load')).json();
    expect(load.queued).toBe(0);
    expect(load.officers).toEqual([
      { username: 'budi', role: 'officer', conversations: 1 },
      { username: 'rina', role: 'officer', conversations: 0 },
      { username: 'siti', role: 'supervisor', conversations: 0 },
    ]);
  });

  it('list officers (for transfers) without their password hashes', async () => {
    const response = await budi.request('GET', '/console/api/officers');
    expect(response.json().officers).toContainEqual({ username: 'rina', role: 'officer' });
    expect(response.body).not.toContain('scrypt');
  });

  it('serve the canned replies from data/console', async () => {
    const replies = (await budi.request('GET', '/console/api/canned-replies')).json().replies;
    expect(replies.length).toBeGreaterThanOrEqual(10);
    for (const reply of replies) expect(reply.title.length).toBeGreaterThan(0);
    expect(replies.some((r: { text: string }) => /\bAnda\b/.test(r.text))).toBe(true);
  });
});
