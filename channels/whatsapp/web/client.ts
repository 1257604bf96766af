import { join } from 'node:path';
import wwebjs from 'whatsapp-web.js';

// whatsapp-web.js is CommonJS: its classes come from the default export.
const { Client, LocalAuth } = wwebjs;

export interface WebClientOptions {
  /** Where the linked session (and WhatsApp Web's cached page) is kept between restarts. */
  sessionDir: string;
  /** The system's Chromium (Debian's package); a browser is never downloaded. */
  chromiumPath: string;
}

/** A whatsapp-web.js client with its session on disk; nothing starts until `initialize()`. */
export function createWebClient(options: WebClientOptions): wwebjs.Client {
  return new Client({
    authStrategy: new LocalAuth({ dataPath: options.sessionDir }),
    webVersionCache: { type: 'local', path: join(options.sessionDir, 'web-cache') },
    puppeteer: {
      executablePath: options.chromiumPath,
      headless: true,
      // Containers run as root without a sandbox and with a small /dev/shm.
      args: ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
    },
  });
}
