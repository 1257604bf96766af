import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { addOfficer, OFFICER_PASSWORD as PASSWORD } from '../support/officers.js';
import type { Layani } from '../../bot/app.js';
import { startLayani, type RunningLayani } from '../support/layani.js';

/**
 * The whole way, in two browsers: a citizen in the widget on a phone, an officer in the console.
 * The server's clock is driven so that "now" is inside or outside operating hours as needed.
 */
const ARTIFACTS = 'test-artifacts';
const MONDAY_0900_WIB = Date.parse('2026-11-30T02:00:00Z');
const SATURDAY_1000_WIB = Date.parse('2026-11-28T03:00:00Z');

let now = MONDAY_0900_WIB;
let running: RunningLayani;
let layani: Layani;
let url: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The officer account is made the way an operator makes it: the CLI, password on standard input.
  const accounts = addOfficer('budi');
  running = await startLayani({ OFFICER_ACCOUNTS_FILE: accounts, CONSOLE_LOGIN_RATE_LIMIT: '100' }, () => now);
  ({ layani, url } = running);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function citizenPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'Buka obrolan' }).click();
  await page.getByRole('textbox', { name: 'Tulis pesan' }).waitFor();
  return page;
}

async function officerPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`${url}/console`);
  await page.getByLabel('Nama pengguna').fill('budi');
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.locator('#live-status[data-state=on]').waitFor();
  return page;
}

const botSays = (page: Page, text: string | RegExp) => page.locator('.lyn-bot .lyn-text', { hasText: text }).last().waitFor({ timeout: 15_000 });

async function citizenSays(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Tulis pesan' });
  await input.fill(text);
  await input.press('Enter');
}

describe('citizen and officer, end to end', () => {
  it('in hours: queue, live console, claim, reply, hand back, bot again, close with a score', async () => {
    now = MONDAY_0900_WIB;
    const officer = await officerPage();
    const citizen = await citizenPage();

    await citizenSays(citizen, 'halo, syarat paspor apa ya?');
    await botSays(citizen, /^Persyaratan Paspor/);
    await citizenSays(citizen, 'saya mau bicara dengan petugas');
    await botSays(citizen, 'antrean nomor 1');

    // The officer sees it appear without reloading, with what the bot understood.
    const item = officer.locator('.queue-item').first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    await officer.getByRole('log').getByText('halo, syarat paspor apa ya?').waitFor();
    await officer.getByRole('button', { name: 'Ambil' }).click();
    await botSays(citizen, 'Anda terhubung dengan petugas budi.');

    const box = officer.getByLabel(/Balasan untuk warga/);
    await box.fill('Selamat pagi, saya Budi. Paspor untuk siapa, Bapak/Ibu?');
    await box.press('Enter');
    await citizen.locator('.lyn-msg .lyn-text', { hasText: 'saya Budi' }).waitFor({ timeout: 15_000 });

    await citizenSays(citizen, 'untuk anak saya, umur 10 tahun');
    await officer.getByRole('log').getByText('untuk anak saya, umur 10 tahun').waitFor();

    await officer.getByRole('button', { name: 'Kembalikan ke asisten' }).click();
    await botSays(citizen, 'kembali dilayani asisten');
    await citizenSays(citizen, 'biaya paspor berapa?');
    await botSays(citizen, /^Biaya Paspor/);

    await citizenSays(citizen, 'saya mau bicara dengan petugas lagi');
    await botSays(citizen, 'antrean nomor 1');
    await officer.locator('.queue-item').first().click();
    await officer.getByRole('button', { name: 'Ambil' }).click();
    await officer.getByRole('button', { name: 'Tutup percakapan' }).click();
    await botSays(citizen, 'Mohon nilai layanan kami');
    await citizen.locator('.lyn-quick button', { hasText: '5' }).click();
    await botSays(citizen, 'Terima kasih atas penilaian Anda.');
    await citizen.screenshot({ path: `${ARTIFACTS}/e2e-citizen-after-officer.png` });
    await officer.screenshot({ path: `${ARTIFACTS}/e2e-console.png` });

    const records = await layani.stores.handoff.listConversations(['bot']);
    expect(records.some((r) => r.rating === 5)).toBe(true);
  });

  it('out of hours: next opening, a ticket, and the answer reaches the citizen when officers are back', async () => {
    now = SATURDAY_1000_WIB;
    const citizen = await citizenPage();
    await citizenSays(citizen, 'tolong sambungkan ke petugas');
    await botSays(citizen, 'Senin, 30 November 2026 pukul 08.00 WIB');
    await citizenSays(citizen, 'Nama ibu di KK saya salah ketik, bagaimana membetulkannya?');
    await botSays(citizen, /Nomor tiket: LYN-\d{6}-\d{4}/);
    const ticketNumber = /LYN-\d{6}-\d{4}/.exec((await citizen.locator('.lyn-bot .lyn-text').last().textContent()) ?? '')?.[0];
    expect(ticketNumber).toBeDefined();

    now = MONDAY_0900_WIB;
    const officer = await officerPage();
    await officer.keyboard.press('Alt+2');
    const ticket = officer.locator('.ticket', { hasText: ticketNumber! });
    await ticket.waitFor();
    await ticket.getByText('Nama ibu di KK saya salah ketik', { exact: false }).waitFor();
    await ticket.getByLabel('Jawaban untuk warga').fill('Silakan bawa KK dan akta lahir ibu ke Disdukcapil.');
    await ticket.getByRole('button', { name: 'Kirim jawaban' }).click();
    await citizen.locator('.lyn-msg .lyn-text', { hasText: 'Silakan bawa KK dan akta lahir ibu' }).waitFor({ timeout: 15_000 });
    expect(await layani.handoff.tickets('open')).toEqual([]);
  });
});
