import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { SLOW_PREFIX, realBot, startServer, type TestServer } from './support/server.js';

const ARTIFACTS = 'test-artifacts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // CSP violations and failed requests are reported as console errors.
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const bot = () => page.locator('.lyn-bot .lyn-text');
const user = () => page.locator('.lyn-user .lyn-text');
const input = () => page.getByRole('textbox', { name: 'Tulis pesan' });

async function ask(text: string): Promise<void> {
  const before = await bot().count();
  await input().fill(text);
  await input().press('Enter');
  await waitForCount(bot(), before + 1);
}

async function waitForCount(locator: ReturnType<Page['locator']>, count: number): Promise<void> {
  await locator.nth(count - 1).waitFor({ state: 'visible', timeout: 15_000 });
}

describe('the widget on the demo page, on a 360×740 phone', () => {
  it('opens, answers, offers quick replies, shows typing, and survives a reload', async () => {
    await page.goto(`${server.url}/`);
    const launcher = page.getByRole('button', { name: 'Buka obrolan' });
    await launcher.click();
    const panel = page.getByRole('dialog', { name: 'Layani' });
    await panel.waitFor({ state: 'visible' });
    // Keyboard users land in the message box.
    expect(await input().evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await bot().first().textContent()).toMatch(/Halo/);

    await ask('syarat paspor apa?');
    if (!realBot) expect(await bot().last().textContent()).toBe('Anda bertanya: syarat paspor apa?');

    // A quick reply from suggestedActions.
    const chips = page.locator('.lyn-quick button');
    await chips.first().waitFor({ state: 'visible' });
    const bubbles = await bot().count();
    await chips.first().click();
    await waitForCount(bot(), bubbles + 1);
    if (!realBot) {
      // imBack sends the action's value as the citizen's message.
      expect(await user().last().textContent()).toBe('syarat paspor');
      expect(await bot().last().textContent()).toBe('Anda bertanya: syarat paspor');
    }

    // The panel fits the phone's width.
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);

    if (!realBot) {
      // A slow answer: the typing indicator shows until it arrives.
      const count = await bot().count();
      await input().fill(`${SLOW_PREFIX} sekali jawabnya`);
      await input().press('Enter');
      const typing = page.getByRole('status').filter({ hasText: 'sedang mengetik' });
      await typing.waitFor({ state: 'visible' });
      await waitForCount(bot(), count + 1);
      await typing.waitFor({ state: 'hidden' });
    }
    await page.screenshot({ path: `${ARTIFACTS}/webchat-widget-360.png` });

    const history = await page.locator('.lyn-msg .lyn-text').allTextContents();
    await page.reload();
    // The panel reopens by itself and the whole conversation is back, from the server's log.
    await waitForCount(page.locator('.lyn-msg .lyn-text'), history.length);
    expect(await page.locator('.lyn-msg .lyn-text').allTextContents()).toEqual(history);
    await ask('jam buka kantor?');
    await page.screenshot({ path: `${ARTIFACTS}/webchat-widget-after-reload.png` });

    // Escape closes the panel and gives the focus back to the launcher.
    await input().press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Buka obrolan' }).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    expect(problems).toEqual([]);
  });

  it('shows <img src=x onerror=alert(1)> as text and runs nothing', async () => {
    const launcher = page.getByRole('button', { name: 'Buka obrolan' });
    if (await launcher.isVisible()) await launcher.click();
    const attack = '<img src=x onerror=alert(1)>';
    await ask(attack);
    expect(await user().last().textContent()).toBe(attack);
    if (!realBot) expect(await bot().last().textContent()).toBe(`Anda bertanya: ${attack}`);
    await page.waitForTimeout(300);
    expect(await page.locator('#layani-widget img').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
