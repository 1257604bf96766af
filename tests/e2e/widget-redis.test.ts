import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startLayani, type RunningLayani } from '../support/layani.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * The widget against Layani on Redis. There, the echo of a citizen's message comes back through Redis
 * pub/sub and may reach the page after the POST's answer; the widget must still show it once.
 */
let redis: TestRedis;
let layani: RunningLayani;
let url: string;
let browser: Browser;

beforeAll(async () => {
  redis = await startRedis();
  layani = await startLayani({ REDIS_URL: redis.url, REDIS_PREFIX: `w${Date.now()}:` });
  url = layani.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await layani?.close();
  await redis?.stop();
});

describe('the widget on Redis', () => {
  it('shows each of the citizen’s messages once, and every answer', async () => {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' })).newPage();
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Buka obrolan' }).click();
    const input = page.getByRole('textbox', { name: 'Tulis pesan' });
    const questions = ['syarat bikin ktp apa aja', 'biayanya berapa', 'kalau paspor?'];
    for (const [i, question] of questions.entries()) {
      await input.fill(question);
      await input.press('Enter');
      await page.locator('.lyn-bot .lyn-text').nth(i + 1).waitFor({ timeout: 15_000 }); // the welcome is first
    }
    // Late echoes would add bubbles after the answers: give them time to arrive.
    await page.waitForTimeout(500);
    expect(await page.locator('.lyn-user .lyn-text').allTextContents()).toEqual(questions);
    expect(await page.locator('.lyn-user.lyn-pending').count()).toBe(0);
    expect(await page.locator('.lyn-bot .lyn-text').nth(1).textContent()).toMatch(/KTP/);
  });
});
