import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../bot/config.js';
import { buildServer } from '../../bot/server.js';
import { whatsappCloudChannel } from '../../channels/whatsapp/cloud/plugin.js';
import { OutsideWindowError } from '../../channels/whatsapp/cloud/sender.js';
import { Replies } from '../../dialogs/replies.js';
import { createRecordingHost, silent, whatsappReference, type RecordingHost } from './support/bot-host.js';
import { APP_SECRET, BUSINESS, buttonReply, imageMessage, messageIdOf, sign, statusUpdate, textMessage } from './support/cloud-payloads.js';
import { FakeGraph } from './support/fake-graph.js';

const VERIFY_TOKEN = 'test-verify-token';
const ACCESS_TOKEN = 'EAAtest-access-token';
const HOUR = 60 * 60 * 1000;

/**
 * The Cloud API channel end to end: Meta's documented webhook payloads, signed with a test app
 * secret, posted to the real server (buildServer) in front of the real bot; a local fake Graph API
 * records what goes out.
 */
describe('WhatsApp Cloud API webhook', () => {
  const replies = Replies.load('data');
  const graph = new FakeGraph();
  let host: RecordingHost;

  beforeAll(async () => {
    await graph.start();
    ({ host } = await createRecordingHost());
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    graph.reset();
    host.seen.length = 0;
  });

  function cloudConfig(env: Record<string, string> = {}) {
    return loadConfig({
      DATA_DIR: 'data',
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: BUSINESS.phoneNumberId,
      WHATSAPP_GRAPH_URL: graph.url,
      ...env,
    });
  }

  async function listen(app: FastifyInstance) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return {
      app,
      base,
      /** `null`: no signature header at all. */
      post: (raw: string, signature: string | null = sign(raw)) =>
        fetch(`${base}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
          body: raw,
        }),
    };
  }

  /** The real server as `npm start` builds it, with WHATSAPP_MODE=cloud. */
  async function startServer(env: Record<string, string> = {}) {
    return listen(await buildServer({ config: cloudConfig(env), logger: silent, host }));
  }

  const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 20 });

  it('answers Meta\'s verification request only with the right token', async () => {
    const { app, base } = await startServer();
    try {
      const ok = await fetch(`${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');
      expect((await fetch(`${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
      expect((await fetch(`${base}/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
      expect((await fetch(`${base}/webhooks/whatsapp`)).status).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('answers a text message through the Graph API and marks it read', async () => {
    const { app, post } = await startServer();
    const citizen = '6281211110001';
    try {
      const payload = textMessage(citizen, 'berapa biaya bikin paspor');
      const res = await post(JSON.stringify(payload));
      expect(res.status).toBe(200);
      await until(() => graph.sentTo(citizen).length > 0);

      expect(graph.reads()).toEqual([messageIdOf(payload)]);
      expect(graph.calls.every((c) => c.authorization === `Bearer ${ACCESS_TOKEN}` && c.phoneNumberId === BUSINESS.phoneNumberId)).toBe(true);
      const [answer] = graph.sentTo(citizen) as { type: string; interactive?: { type: string; body: { text: string }; action: { rows?: unknown; sections?: { rows: { id: string }[] }[] } } }[];
      // The fee answer offers its variants; their titles are too long for buttons, so a list.
      expect(answer?.type).toBe('interactive');
      expect(answer?.interactive?.type).toBe('list');
      expect(answer?.interactive?.body.text.split('\n')[0]).toBe('*Biaya Paspor*');
      expect(answer?.interactive?.action.sections?.[0]?.rows.length).toBeGreaterThan(0);
      expect(host.seen[0]).toMatchObject({ channelId: 'whatsapp', text: 'berapa biaya bikin paspor', from: { id: citizen, name: 'Siti Aminah', role: 'user' } });
    } finally {
      await app.close();
    }
  });

  it('offers reply buttons and understands the tapped button', async () => {
    const { app, post } = await startServer();
    const citizen = '6281211110002';
    try {
      await post(JSON.stringify(textMessage(citizen, 'halo')));
      await until(() => graph.sentTo(citizen).length > 0);
      const welcome = graph.sentTo(citizen).at(-1) as { interactive: { type: string; action: { buttons: { reply: { id: string; title: string } }[] } } };
      expect(welcome.interactive.type).toBe('button');
      const sim = welcome.interactive.action.buttons.map((b) => b.reply).find((r) => /SIM/.test(r.title));
      expect(sim).toBeDefined();

      graph.reset();
      await post(JSON.stringify(buttonReply(citizen, sim!, 'wamid.welcome')));
      await until(() => graph.sentTo(citizen).length > 0);
      const answer = graph.sentTo(citizen)[0] as { type: string; text?: { body: string }; interactive?: { body: { text: string } } };
      const text = answer.text?.body ?? answer.interactive?.body.text ?? '';
      expect(text.split('\n')[0]).toMatch(/^\*Biaya SIM/);
      expect(host.seen.at(-1)).toMatchObject({ text: sim!.id, value: { choice: sim } });
    } finally {
      await app.close();
    }
  });

  it('asks a citizen who sends an image to type, keeping the image for an officer', async () => {
    const { app, post } = await startServer();
    const citizen = '6281211110003';
    try {
      await post(JSON.stringify(imageMessage(citizen)));
      await until(() => graph.sentTo(citizen).length > 0);
      expect(graph.sentTo(citizen)).toEqual([
        { messaging_product: 'whatsapp', recipient_type: 'individual', to: citizen, type: 'text', text: { preview_url: false, body: replies.text('unsupportedMedia') } },
      ]);
      expect(host.seen[0]?.text).toBeUndefined();
      expect(host.seen[0]?.attachments).toEqual([
        {
          contentType: 'image/jpeg',
          name: 'image',
          contentUrl: '/console/api/media/whatsapp/1479537139650973',
          content: { kind: 'image', mediaId: '1479537139650973', sha256: 'V0lEVVpPVEdMWkFPTFZXSjVGUFVZVFdHQUROWUZIUUk=' },
        },
      ]);
    } finally {
      await app.close();
    }
  });

  it('records status updates without answering them', async () => {
    const { app, post } = await startServer();
    try {
      expect((await post(JSON.stringify(statusUpdate('wamid.OUT-A', '6281211110004', 'delivered')))).status).toBe(200);
      expect((await post(JSON.stringify(statusUpdate('wamid.OUT-B', '6281211110004', 'failed')))).status).toBe(200);
      await vi.waitFor(async () => expect((await app.whatsapp.deliveryStatus('wamid.OUT-B'))?.status).toBe('failed'));
      expect((await app.whatsapp.deliveryStatus('wamid.OUT-A'))?.status).toBe('delivered');
      expect((await app.whatsapp.deliveryStatus('wamid.OUT-B'))?.errors).toEqual([{ code: 131026, title: 'Message undeliverable' }]);
    } finally {
      await app.close();
    }
    expect(graph.calls).toEqual([]);
    expect(host.seen).toEqual([]);
  });

  it('refuses forged or missing signatures with 401 and processes nothing', async () => {
    const { app, post } = await startServer();
    const citizen = '6281211110005';
    const raw = JSON.stringify(textMessage(citizen, 'berapa biaya bikin paspor'));
    try {
      expect((await post(raw, null)).status).toBe(401);
      expect((await post(raw, sign(raw, 'not-the-app-secret'))).status).toBe(401);
      expect((await post(raw, sign(`${raw} `))).status).toBe(401);
      expect((await post(raw, 'sha256=')).status).toBe(401);
    } finally {
      await app.close(); // waits for anything accepted to be processed
    }
    expect(host.seen).toEqual([]);
    expect(graph.calls).toEqual([]);
  });

  it('answers a message delivered twice only once', async () => {
    const { app, post } = await startServer();
    const citizen = '6281211110006';
    const raw = JSON.stringify(textMessage(citizen, 'syarat bikin skck'));
    try {
      const [first, second] = await Promise.all([post(raw), post(raw)]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect((await post(raw)).status).toBe(200);
    } finally {
      await app.close();
    }
    expect(host.seen).toHaveLength(1);
    expect(graph.reads()).toHaveLength(1);
    expect(graph.sentTo(citizen)).toHaveLength(1);
  });

  describe('an officer\'s reply and the 24-hour window', () => {
    let time = Date.now();
    const now = () => time;

    /** buildServer plus the Cloud plugin registered with an injected clock. */
    async function startWithClock(env: Record<string, string> = {}) {
      const config = cloudConfig(env);
      const app = await buildServer({ config: { ...config, WHATSAPP_MODE: 'off' }, logger: silent, host });
      await app.register(whatsappCloudChannel, { config, host, now });
      return listen(app);
    }

    const officer = { id: 'officer:rina', name: 'Rina', role: 'officer' };

    it('goes as text inside the window and as the configured template after 24 hours of silence', async () => {
      time = Date.now();
      const { app, post } = await startWithClock({ WHATSAPP_TEMPLATE_NAME: 'balasan_petugas', WHATSAPP_TEMPLATE_LANG: 'id' });
      const citizen = '6281211110007';
      const outlet = host.outlets.get('whatsapp')!;
      try {
        await post(JSON.stringify(textMessage(citizen, 'syarat bikin paspor', new Date(time))));
        await until(() => graph.sentTo(citizen).length > 0);
        expect(await app.whatsapp.isOutsideWindow(`wa:${citizen}`)).toBe(false);

        graph.reset();
        await outlet.deliver(whatsappReference(citizen), [{ type: 'message', text: 'Baik Bu,\nberkas Anda sudah kami terima.', from: officer }]);
        expect(graph.sentTo(citizen)).toEqual([
          { messaging_product: 'whatsapp', recipient_type: 'individual', to: citizen, type: 'text', text: { preview_url: false, body: 'Baik Bu,\nberkas Anda sudah kami terima.' } },
        ]);

        time += 24 * HOUR + 60_000;
        expect(await app.whatsapp.isOutsideWindow(`wa:${citizen}`)).toBe(true);
        graph.reset();
        const [response] = await outlet.deliver(whatsappReference(citizen), [{ type: 'message', text: 'Selamat pagi Bu,\npaspor Anda sudah dapat diambil.', from: officer }]);
        expect(graph.sentTo(citizen)).toEqual([
          {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: citizen,
            type: 'template',
            template: {
              name: 'balasan_petugas',
              language: { code: 'id' },
              components: [{ type: 'body', parameters: [{ type: 'text', text: 'Selamat pagi Bu, · paspor Anda sudah dapat diambil.' }] }],
            },
          },
        ]);
        expect(response?.id).toMatch(/^wamid\.OUT/);

        // The citizen answers: the window opens again and replies are free-form.
        await post(JSON.stringify(textMessage(citizen, 'terima kasih', new Date(time))));
        await until(() => graph.reads().length > 0);
        expect(await app.whatsapp.isOutsideWindow(`wa:${citizen}`)).toBe(false);
      } finally {
        await app.close();
      }
    });

    it('refuses to send outside the window when no template is configured', async () => {
      time = Date.now();
      const { app } = await startWithClock();
      const citizen = '6281211110008';
      try {
        await expect(
          host.outlets.get('whatsapp')!.deliver(whatsappReference(citizen), [{ type: 'message', text: 'Halo Pak', from: officer }]),
        ).rejects.toBeInstanceOf(OutsideWindowError);
        expect(graph.calls).toEqual([]);
      } finally {
        await app.close();
      }
    });
  });
});
