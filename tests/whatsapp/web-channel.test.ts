import wwebjs from 'whatsapp-web.js';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../channels/whatsapp/convert/split.js';
import { attachWhatsAppWeb } from '../../channels/whatsapp/web/channel.js';
import type { WebMessageHandler } from '../../channels/whatsapp/web/handler.js';
import { Replies } from '../../dialogs/replies.js';
import { createRecordingHost, silentLog, whatsappReference, type RecordingHost } from './support/bot-host.js';
import { texts } from './support/texts.js';
import { OUR_ID, rawMessage, webMessage, type RawFields } from './support/web-messages.js';

/**
 * The whatsapp-web.js channel against a real `Client` that is never initialised (no phone is
 * reachable here): the test emits the library's `message` events with real Message objects and
 * records what the channel sends through `client.sendMessage`, the library's boundary.
 */
describe('WhatsApp through whatsapp-web.js (library boundary)', () => {
  const replies = Replies.load('data');
  let host: RecordingHost;
  let client: wwebjs.Client;
  let handler: WebMessageHandler;
  const events: string[] = [];
  const sent: { chatId: string; text: string }[] = [];

  beforeAll(async () => {
    ({ host } = await createRecordingHost());
    client = new wwebjs.Client({});
    vi.spyOn(client, 'sendMessage').mockImplementation(async (chatId, content) => {
      events.push(`send ${chatId}`);
      sent.push({ chatId, text: String(content) });
      const id = `true_${chatId}_${sent.length}`;
      return rawMessage(client, { id: { fromMe: true, remote: chatId, id: String(sent.length), _serialized: id }, from: OUR_ID, to: chatId, body: String(content), type: 'chat', t: 0 });
    });
    const chat = {
      sendStateTyping: async () => void events.push('typing'),
      clearState: async () => {
        events.push('clear');
        return true;
      },
    };
    vi.spyOn(client, 'getChatById').mockImplementation(async () => chat as unknown as wwebjs.Chat);
    handler = attachWhatsAppWeb(client, { host, texts, logger: silentLog });
  });

  beforeEach(() => {
    events.length = 0;
    sent.length = 0;
    host.seen.length = 0;
  });

  async function say(fields: RawFields) {
    client.emit('message', webMessage(client, fields));
    await handler.drain();
    return sent.map((s) => s.text);
  }

  it('answers a service question with a bold title and numbered choices, typing meanwhile', async () => {
    const answers = await say({ from: '6281234567890@c.us', body: 'berapa biaya bikin paspor', notifyName: 'Budi' });
    expect(answers).toHaveLength(1);
    expect(sent[0]?.chatId).toBe('6281234567890@c.us');
    const lines = answers[0]!.split('\n');
    expect(lines[0]).toBe('*Biaya Paspor*');
    expect(answers[0]).toMatch(/\n1\. Biaya Paspor .+\n2\. Biaya Paspor .+/);
    expect(lines.at(-1)).toMatch(/^Balas 1, 2( atau 3)?\.$|^Balas 1 atau 2\.$/);
    expect(events[0]).toBe('typing');
    expect(events.at(-1)).toBe('clear');
    expect(host.seen[0]).toMatchObject({ channelId: 'whatsapp', from: { id: '6281234567890@c.us', name: 'Budi', role: 'user' }, conversation: { id: 'wa:6281234567890@c.us' } });
  });

  it('keeps the service for a follow-up, and maps a typed number to the offered choice', async () => {
    const followUp = await say({ from: '6281234567890@c.us', body: 'kalau syaratnya apa?' });
    expect(followUp[0]!.split('\n')[0]).toMatch(/^\*Persyaratan Paspor/);
    const offered = followUp[0]!.split('\n').filter((l) => /^\d\. /.test(l));
    expect(offered.length).toBeGreaterThan(0);

    sent.length = 0;
    host.seen.length = 0;
    const picked = await say({ from: '6281234567890@c.us', body: '1' });
    const chosen = offered[0]!.replace(/^1\. /, '');
    expect(host.seen[0]?.text).toBe(chosen);
    expect(host.seen[0]?.value).toEqual({ choice: { id: chosen, title: chosen } });
    expect(picked[0]!.split('\n')[0]).toMatch(/^\*Persyaratan Paspor \(/);
  });

  it('asks a citizen who sends a voice note to type, keeping the attachment for an officer', async () => {
    const answers = await say({ from: '6289876543210@c.us', type: 'ptt', media: { mimetype: 'audio/ogg; codecs=opus' } });
    expect(answers).toEqual([replies.text('unsupportedMedia')]);
    expect(host.seen[0]?.text).toBeUndefined();
    expect(host.seen[0]?.attachments).toEqual([expect.objectContaining({ contentType: 'audio/ogg; codecs=opus', name: 'voice' })]);
  });

  it('ignores group messages, status broadcasts and our own messages', async () => {
    await say({ from: '120363025246125888@g.us', author: '6281234567890@c.us', body: 'berapa biaya bikin paspor' });
    await say({ from: 'status@broadcast', author: '6281234567890@c.us', body: 'liburan!' });
    await say({ from: '6281234567890@c.us', fromMe: true, body: 'berapa biaya bikin paspor' });
    expect(sent).toEqual([]);
    expect(host.seen).toEqual([]);
    expect(events).toEqual([]);
  });

  it('answers a citizen known only by an @lid id at that id', async () => {
    await say({ from: '201234567890123@lid', body: 'syarat bikin skck' });
    expect(sent[0]?.chatId).toBe('201234567890123@lid');
    expect(sent[0]?.text.split('\n')[0]).toMatch(/SKCK/);
  });

  it('splits a long officer answer at WhatsApp\'s limit and shows the officer typing', async () => {
    const outlet = host.outlets.get('whatsapp')!;
    const long = Array.from({ length: 250 }, (_, i) => `Langkah ${i + 1}: siapkan berkas dan datang ke loket pelayanan.`).join('\n');
    const officer = { id: 'officer:rina', name: 'Rina', role: 'officer' };
    await outlet.deliver(whatsappReference('6281234567890@c.us'), [{ type: 'typing', from: officer }, { type: 'message', text: long, from: officer }]);
    expect(events[0]).toBe('typing');
    expect(sent.length).toBeGreaterThan(2);
    for (const part of sent) {
      expect(part.chatId).toBe('6281234567890@c.us');
      expect(part.text.length).toBeLessThanOrEqual(LIMITS.text);
    }
    expect(sent.map((s) => s.text).join('\n')).toBe(long);
  });
});
