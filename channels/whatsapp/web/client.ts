import { join } from 'node:path';
import wwebjs from 'whatsapp-web.js';
import { CompleteRemoteAuth } from './remote-auth.js';

// whatsapp-web.js is CommonJS: its classes come from the default export.
const { Client, LocalAuth } = wwebjs;

/** How often RemoteAuth saves the session to its store (the library's minimum is one minute). */
const REMOTE_BACKUP_MS = 5 * 60_000;

export interface WebClientOptions {
  /** Where the linked session (and WhatsApp Web's cached page) is kept between restarts. */
  sessionDir: string;
  /** The system's Chromium (Debian's package); a browser is never downloaded. */
  chromiumPath: string;
  /**
   * Where the session is saved when several instances share state (Redis): RemoteAuth then keeps
   * only a working copy in `sessionDir`. LocalAuth (the session on this disk) when omitted.
   */
  remoteAuthStore?: wwebjs.Store;
}

/** The session's keeper: RemoteAuth with a shared store, LocalAuth on this disk otherwise. */
export function authStrategy(options: WebClientOptions): wwebjs.AuthStrategy {
  if (!options.remoteAuthStore) return new LocalAuth({ dataPath: options.sessionDir });
  return new CompleteRemoteAuth({ store: options.remoteAuthStore, dataPath: options.sessionDir, backupSyncIntervalMs: REMOTE_BACKUP_MS });
}

/** A whatsapp-web.js client with its session kept (see `authStrategy`); nothing starts until `initialize()`. */
export function createWebClient(options: WebClientOptions): wwebjs.Client {
  return new Client({
    authStrategy: authStrategy(options),
    webVersionCache: { type: 'local', path: join(options.sessionDir, 'web-cache') },
    puppeteer: {
      executablePath: options.chromiumPath,
      headless: true,
      // Containers run as root without a sandbox and with a small /dev/shm.
      args: ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
    },
  });
}
