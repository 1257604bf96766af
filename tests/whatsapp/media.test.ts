import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Layani } from '../../bot/app.js';
import { CloudMediaApi } from '../../channels/whatsapp/cloud/media.js';
import { launchChromium } from '../support/browser.js';
import { login, startConsole } from '../console/support/server.js';
import { Officer } from '../support/console-client.js';
import { BUSINESS, imageMessage, textMessage } from './support/cloud-payloads.js';
import { FakeGraph } from './support/fake-graph.js';
import { startCloudLayani, type CloudLayani } from './support/cloud-layani.js';
import { OFFICER_PASSWORD as PASSWORD } from '../support/officers.js';

/**
 * A citizen's photo reaches the officer: the whole composition `npm start` builds with
 * WHATSAPP_MODE=cloud, an officer signed in to the console, the fake Graph API holding the media.
 */
const MONDAY_0900_WIB = Date.parse('2026-11-30T02:00:00Z');
const IMAGE_ID = '1479537139650973'; // the id imageMessage() carries
// A JPEG's first bytes, then noise: what matters is that the officer gets exactly these bytes.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(40_000)]);
const graph = new FakeGraph();
let layani: Layani;
let base: string;

let cloud: CloudLayani;

beforeAll(async () => {
  await graph.start();
  graph.media.set(IMAGE_ID, { bytes: PHOTO, mimeType: 'image/jpeg', phoneNumberId: BUSINESS.phoneNumberId });
  cloud = await startCloudLayani(graph, MONDAY_0900_WIB);
  ({ layani, base } = cloud);
});

afterAll(async () => {
  await cloud?.close();
  await graph.close();
});

const post = (payload: unknown) => cloud.post(payload);

type Entry = { author: string; text: string; attachments?: { contentType: string; name?: string; url?: string }[] };

describe('a citizen sends a photo while with an officer', () => {
  it('the officer opens the attachment from the transcript and gets the image', async () => {
    const waId = '6281234500101';
    const key = `whatsapp/wa:${waId}`;
    const officer = new Officer(base);
    await officer.login('budi', PASSWORD);

    await post(textMessage(waId, 'saya mau bicara dengan petugas'));
    await vi.waitFor(async () => expect(await officer.queueKeys()).toContain(key), { timeout: 10_000 });
    await officer.act(key, 'claim');

    await post(imageMessage(waId, new Date(), 'foto KK saya'));
    let entry: Entry | undefined;
    await vi.waitFor(
      async () => {
        const { transcript } = (await officer.conversation(key)) as { transcript: Entry[] };
        entry = transcript.at(-1);
        expect(entry).toMatchObject({ author: 'citizen', text: 'foto KK saya' });
      },
      { timeout: 10_000 },
    );
    expect(entry!.attachments).toEqual([{ contentType: 'image/jpeg', name: 'image', url: `/console/api/media/whatsapp/${IMAGE_ID}` }]);

    graph.mediaCalls.length = 0;
    const response = await officer.get(entry!.attachments![0]!.url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="whatsapp-${IMAGE_ID}.jpg"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await response.arrayBuffer()).equals(PHOTO)).toBe(true);

    // Meta's two calls, both with the access token: the media URL (for our number only), then the bytes.
    expect(graph.mediaCalls.map((c) => c.authorization)).toEqual(['Bearer EAAtest', 'Bearer EAAtest']);
    expect(graph.mediaCalls[0]!.path).toBe(`/v21.0/${IMAGE_ID}?phone_number_id=${BUSINESS.phoneNumberId}`);
    expect(graph.mediaCalls[1]!.path).toMatch(/^\/whatsapp_business\/attachments\/\?mid=/);
  });

  it('refuses anyone without a session, and says nothing about the media', async () => {
    graph.mediaCalls.length = 0;
    const response = await fetch(`${base}/console/api/media/whatsapp/${IMAGE_ID}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(graph.mediaCalls).toEqual([]);
  });

  it('answers 404 for media Meta does not know, 400 for a malformed id, 413 past the size cap', async () => {
    const officer = new Officer(base);
    await officer.login('budi', PASSWORD);
    expect((await officer.get('/console/api/media/whatsapp/999999999')).status).toBe(404);
    expect((await officer.get('/console/api/media/whatsapp/..%2F..%2Fme')).status).toBe(400);

    graph.media.set('5550001', { bytes: Buffer.from('%PDF-1.4 tiny'), mimeType: 'application/pdf', phoneNumberId: BUSINESS.phoneNumberId, declaredSize: 40 * 1024 * 1024 });
    const tooLarge = await officer.get('/console/api/media/whatsapp/5550001');
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: string }).error).toBe('too_large');

    // Media of another business number is not ours to show.
    graph.media.set('5550002', { bytes: PHOTO, mimeType: 'image/jpeg', phoneNumberId: '999000999' });
    expect((await officer.get('/console/api/media/whatsapp/5550002')).status).toBe(404);
  });

  it('serves PDFs inline and other documents (and SVG) as downloads', async () => {
    const officer = new Officer(base);
    await officer.login('budi', PASSWORD);
    graph.media.set('5550003', { bytes: Buffer.from('%PDF-1.4 surat'), mimeType: 'application/pdf', phoneNumberId: BUSINESS.phoneNumberId });
    graph.media.set('5550004', { bytes: Buffer.from('PK docx'), mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', phoneNumberId: BUSINESS.phoneNumberId });
    graph.media.set('5550005', { bytes: Buffer.from('<svg onload="alert(1)"/>'), mimeType: 'image/svg+xml', phoneNumberId: BUSINESS.phoneNumberId });
    expect((await officer.get('/console/api/media/whatsapp/5550003')).headers.get('content-disposition')).toBe('inline; filename="whatsapp-5550003.pdf"');
    expect((await officer.get('/console/api/media/whatsapp/5550004')).headers.get('content-disposition')).toBe('attachment; filename="whatsapp-5550004.docx"');
    const svg = await officer.get('/console/api/media/whatsapp/5550005');
    expect(svg.headers.get('content-disposition')).toBe('attachment; filename="whatsapp-5550005"');
    expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

// A 1×1 PNG the browser can decode.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The same documented payload from another citizen (name) with another media id. */
function from(name: string, payload: ReturnType<typeof imageMessage> | ReturnType<typeof textMessage>, mediaId?: string) {
  const copy = structuredClone(payload) as unknown as { entry: { changes: { value: { contacts: { profile: { name: string } }[]; messages: { image?: { id: string; mime_type: string } }[] } }[] }[] };
  const value = copy.entry[0]!.changes[0]!.value;
  value.contacts[0]!.profile.name = name;
  if (mediaId) Object.assign(value.messages[0]!.image!, { id: mediaId, mime_type: 'image/png' });
  return copy;
}

describe('the console page in chromium', () => {
  it('links the photo and shows it as a preview, loaded with the officer session under the console CSP', async () => {
    const waId = '6281234500102';
    graph.media.set('5550100', { bytes: PIXEL, mimeType: 'image/png', phoneNumberId: BUSINESS.phoneNumberId });
    await post(from('Bu Ratna', textMessage(waId, 'saya mau bicara dengan petugas')));
    await vi.waitFor(async () => expect((await layani.handoff.queue()).map((i) => i.record.key)).toContain(`whatsapp/wa:${waId}`), { timeout: 10_000 });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      // Refused media requests and CSP violations would show here (before login the page asks who is signed in: 401).
      page.on('response', (response) => {
        if (response.url().includes('/media/') && response.status() !== 200) problems.push(`${response.status()} ${response.url()}`);
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(msg.text());
      });
      await page.goto(`${base}/console`);
      await page.getByLabel('Nama pengguna').fill('budi');
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.locator('.queue-item', { hasText: 'Bu Ratna' }).click();
      await page.getByRole('button', { name: 'Ambil' }).click();
      await vi.waitFor(async () => expect((await layani.handoff.conversation(`whatsapp/wa:${waId}`)).record.owner).toBe('officer'), { timeout: 10_000 });

      await post(from('Bu Ratna', imageMessage(waId, new Date(), 'ini KTP saya'), '5550100'));
      const log = page.getByRole('log', { name: 'Isi percakapan' });
      const link = log.locator('.attachments a', { hasText: 'image (image/png)' });
      await link.waitFor({ timeout: 10_000 });
      expect(await link.getAttribute('href')).toBe(`${base}/console/api/media/whatsapp/5550100`);
      const preview = log.locator('.attachment-preview img');
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('the media route elsewhere', () => {
  it('is 404 when no WhatsApp Cloud channel runs', async () => {
    const server = await startConsole();
    try {
      const budi = await login(server.app, 'budi');
      const response = await budi.request('GET', `/console/api/media/whatsapp/${IMAGE_ID}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: 'not_found' });
    } finally {
      await server.close();
    }
  });

  it('stops a download that grows past the cap although no size was announced', async () => {
    graph.media.set('5550006', { bytes: randomBytes(4096), mimeType: 'image/png', phoneNumberId: BUSINESS.phoneNumberId, declaredSize: 10, chunked: true });
    const media = new CloudMediaApi({ baseUrl: graph.url, accessToken: 'EAAtest', phoneNumberId: BUSINESS.phoneNumberId, maxBytes: 2048 });
    const result = await media.fetch('5550006');
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    await expect(async () => {
      for await (const _chunk of result.body) void _chunk;
    }).rejects.toThrow(/larger than 2048 bytes/);
  });
});
