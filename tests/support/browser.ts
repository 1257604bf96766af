import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core. The flags keep it off the network (this machine's
 * network is closed, and background connections would only fail) and let it run as root in CI.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
