import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { PASSWORD, startConsole, type ConsoleServer } from './support/server.js';

const ARTIFACTS = 'test-artifacts';
const IMG_ATTACK = '<img src=x onerror=window.__pwned=1>';
const SCRIPT_ATTACK = '<script>window.__pwned=2</script>';

let server: ConsoleServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startConsole({ listen: true, env: { CONSOLE_LOGIN_RATE_LIMIT: '1000' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // CSP violations and failed requests show up as console errors.
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  await page.goto(`${server.url}/console`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('heading', { name: 'Antrean' }).waitFor();
  await page.locator('#live-status[data-state=on]').waitFor();
  return page;
}

describe('the officer console in chromium', () => {
  let page: Page;

  it('refuses a wrong password with a message and signs in with the right one', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const anonymous = await context.newPage();
    await anonymous.goto(`${server.url}/console`);
    await anonymous.getByLabel('Nama pengguna').fill('budi');
    await anonymous.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
    await anonymous.getByRole('button', { name: 'Masuk' }).click();
    await anonymous.getByRole('alert').filter({ hasText: 'Nama pengguna atau kata sandi salah' }).waitFor();
    // The session cookie is invisible to scripts.
    expect(await anonymous.evaluate(() => document.cookie)).not.toContain('layani_console=');

    page = await signedIn('budi');
    await expect.poll(() => page.locator('#whoami').textContent()).toBe('budi (petugas)');
  });

  it('shows a queued conversation live, without reload, with waiting time, channel, intent and service', async () => {
    await page.evaluate(() => ((window as unknown as { __loaded: boolean }).__loaded = true));
    server.desk.enqueue('webchat/xss-1', {
      citizenName: IMG_ATTACK,
      intent: 'ask_fee',
      service: 'paspor',
      history: [
        { author: 'citizen', name: IMG_ATTACK, text: 'brp biaya paspor', intent: 'ask_fee', confidence: 0.91, service: 'paspor' },
        { author: 'bot', text: 'Biaya paspor biasa 48 halaman Rp350.000.' },
        { author: 'citizen', name: IMG_ATTACK, text: 'mau bicara dgn petugas', intent: 'human_handoff', confidence: 0.88, service: null },
      ],
    });
    const item = page.locator('.queue-item', { hasText: IMG_ATTACK });
    await item.waitFor();
    expect(await page.evaluate(() => (window as unknown as { __loaded?: boolean }).__loaded)).toBe(true); // no reload
    await expect.poll(() => item.textContent()).toContain('Web');
    expect(await item.textContent()).toContain('Maksud: Biaya · Layanan: paspor');
    const before = await item.locator('.queue-status').textContent();
    expect(before).toMatch(/^Menunggu \d+ dtk$/);
    await expect.poll(() => item.locator('.queue-status').textContent(), { timeout: 4000 }).not.toBe(before);
    expect(await page.locator('#queue-count').textContent()).toBe('1');
  });

  it('renders HTML and script in citizen messages as text, running nothing', async () => {
    server.desk.citizenSays('webchat/xss-1', `${IMG_ATTACK} ${SCRIPT_ATTACK}`, [
      { contentType: 'image/jpeg', name: '<b>ktp</b>.jpg', url: 'javascript:window.__pwned=3' },
      { contentType: 'application/pdf', name: 'formulir.pdf', url: 'https://example.go.id/formulir.pdf' },
    ]);
    await page.locator('.queue-item', { hasText: IMG_ATTACK }).click();
    const log = page.getByRole('log', { name: 'Isi percakapan' });
    await log.getByText('Biaya paspor biasa 48 halaman', { exact: false }).waitFor();
    const attack = log.locator('.entry-citizen .entry-text').last();
    await expect.poll(() => attack.textContent()).toBe(`${IMG_ATTACK} ${SCRIPT_ATTACK}`);
    await expect.poll(() => page.locator('#conversation-title').textContent()).toBe(IMG_ATTACK);

    // The whole conversation so far, with what the bot understood of each citizen message.
    expect(await log.locator('.entry').count()).toBe(4);
    expect(await log.locator('.entry-understanding').first().textContent()).toBe('Maksud: Biaya (91%) · Layanan: paspor');
    expect(await log.locator('.entry-understanding').nth(1).textContent()).toBe('Maksud: Minta petugas (88%)');

    // Attachments: a label, and a link only for an https address.
    expect(await log.locator('.attachments li').first().textContent()).toBe('<b>ktp</b>.jpg (image/jpeg)');
    expect(await log.locator('.attachments a').count()).toBe(1);
    expect(await log.locator('.attachments a').getAttribute('href')).toBe('https://example.go.id/formulir.pdf');

    expect(await page.locator('#app-view img, #app-view script, #app-view b').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/console-conversation.png` });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('claims, shows new citizen messages live, sends typing and replies with Enter', async () => {
    await page.getByRole('button', { name: 'Ambil' }).click();
    await expect.poll(() => page.locator('#conversation-meta').textContent()).toContain('Ditangani Anda');
    expect(server.desk.records.get('webchat/xss-1')).toMatchObject({ owner: 'officer', officer: 'budi' });

    server.desk.citizenTyping('webchat/xss-1');
    await expect.poll(() => page.locator('#citizen-typing').textContent()).toContain('sedang mengetik');
    server.desk.citizenSays('webchat/xss-1', 'halo pak, masih di sana?');
    await page.getByRole('log').getByText('halo pak, masih di sana?').waitFor();

    const box = page.getByLabel(/Balasan untuk warga/);
    await box.focus();
    await page.keyboard.type('Selamat siang, Ibu.');
    await expect.poll(() => server.desk.delivered.some((d) => d.kind === 'typing' && d.officer === 'budi')).toBe(true);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Biayanya Rp350.000.');
    await page.keyboard.press('Enter');
    await expect.poll(() => server.desk.delivered.filter((d) => d.kind === 'message').at(-1)?.text).toBe('Selamat siang, Ibu.\nBiayanya Rp350.000.');
    await page.getByRole('log').locator('.entry-officer').getByText('Biayanya Rp350.000.', { exact: false }).waitFor();
    // The box clears once the reply's POST is answered, which may come after the live entry.
    await expect.poll(() => box.inputValue()).toBe('');
  });

  it('puts a canned reply into the box, keeps internal notes, hands back to the assistant', async () => {
    await page.getByRole('button', { name: 'Mohon menunggu' }).click();
    expect(await page.getByLabel(/Balasan untuk warga/).inputValue()).toMatch(/^Terima kasih atas kesabaran Anda/);
    await page.getByLabel(/Balasan untuk warga/).fill('');

    await page.getByLabel(/Catatan internal/).fill('Warga sudah bayar, cek status.');
    await page.getByRole('button', { name: 'Simpan catatan' }).click();
    await page.locator('.entry-note').getByText('Warga sudah bayar, cek status.').waitFor();

    await page.getByRole('button', { name: 'Kembalikan ke asisten' }).click();
    await expect.poll(() => server.desk.records.get('webchat/xss-1')?.owner).toBe('bot');
    await expect.poll(() => page.locator('.queue-item').count()).toBe(0);
  });

  it('opens the next waiting citizen with Alt+N', async () => {
    server.desk.enqueue('whatsapp/62811@c.us', { citizenName: 'Pak Joko', intent: 'complaint', service: 'sim' });
    await page.locator('.queue-item', { hasText: 'Pak Joko' }).waitFor();
    await page.keyboard.press('Alt+N');
    await expect.poll(() => page.locator('#conversation-title').textContent()).toBe('Pak Joko');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    expect(await page.locator('#conversation-meta').textContent()).toContain('WhatsApp');
    // Escape goes back to the queue, where the open conversation is marked.
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('true');
  });

  it('lists tickets live and answers one', async () => {
    server.desk.openTicket('whatsapp/62811@c.us', 'LYN-261123-0007', 'Mohon dihubungi soal SIM yang belum jadi. <script>x</script>');
    await expect.poll(() => page.locator('#ticket-count').textContent()).toBe('1');
    await page.keyboard.press('Alt+2');
    const ticket = page.locator('.ticket', { hasText: 'LYN-261123-0007' });
    await ticket.waitFor();
    expect(await ticket.locator('.entry-text').textContent()).toBe('Mohon dihubungi soal SIM yang belum jadi. <script>x</script>');
    await ticket.getByLabel('Jawaban untuk warga').fill('SIM Anda sudah dapat diambil hari Senin.');
    await ticket.getByRole('button', { name: 'Kirim jawaban' }).click();
    await expect.poll(() => server.desk.tickets_.get('LYN-261123-0007')?.status).toBe('answered');
    await expect.poll(() => page.locator('.ticket').count()).toBe(0);
    expect(await page.locator('#tab-load').isHidden()).toBe(true);
  });

  it('shows a supervisor each officer’s load', async () => {
    const supervisor = await signedIn('siti');
    await supervisor.getByRole('tab', { name: 'Beban petugas' }).click();
    const row = supervisor.locator('#load-rows tr', { hasText: 'budi' });
    await row.waitFor();
    // budi holds the ticket's conversation, answered above.
    expect(await row.locator('td').last().textContent()).toBe('1');
    expect(await supervisor.locator('#load-rows tr', { hasText: 'rina' }).locator('td').last().textContent()).toBe('0');
    await supervisor.screenshot({ path: `${ARTIFACTS}/console-supervisor.png` });
    await page.keyboard.press('Alt+1');
    await page.screenshot({ path: `${ARTIFACTS}/console-officer.png` });
  });

  it('closes the conversation it holds', async () => {
    await expect.poll(() => page.locator('#conversation-title').textContent()).toBe('Pak Joko');
    await page.getByRole('button', { name: 'Tutup percakapan' }).click();
    await expect.poll(() => server.desk.records.get('whatsapp/62811@c.us')).toMatchObject({ owner: 'closed', pending: 'rating' });
    await expect.poll(() => page.getByRole('button', { name: 'Tutup percakapan' }).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.queue-item').count()).toBe(0);
  });

  it('signs out, and the console asks to sign in again', async () => {
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(await page.locator('#app-view').isHidden()).toBe(true);
  });

  it('ran without script errors or CSP violations', () => {
    // Chromium logs each 401 (the page asking /me before sign-in, the wrong password); nothing else may appear.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
