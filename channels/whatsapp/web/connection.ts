import type { FastifyBaseLogger } from 'fastify';
import qrcodeTerminal from 'qrcode-terminal';
import type wwebjs from 'whatsapp-web.js';

export type LinkStatus =
  | { state: 'starting' }
  | { state: 'qr'; qr: string }
  | { state: 'authenticated' }
  | { state: 'ready' }
  | { state: 'disconnected'; reason: string; retryInMs: number };

export interface ConnectionOptions {
  logger: FastifyBaseLogger;
  /** Shows a QR code in the operator's terminal. */
  printQr?: (qr: string) => void;
  /** First wait before reconnecting; doubles on each failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

type LifecycleClient = Pick<wwebjs.Client, 'on' | 'initialize' | 'destroy'>;

function printToTerminal(qr: string): void {
  qrcodeTerminal.generate(qr, { small: true }, (art) => {
    process.stdout.write(`\nScan with WhatsApp (Linked devices › Link a device):\n${art}\n`);
  });
}

/**
 * Keeps the linked phone connected: shows each QR code (terminal, and the operator page reads
 * `status`), and after a disconnect or a failed start tries again with exponential backoff.
 */
export class WebConnection {
  private current: LinkStatus = { state: 'starting' };
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private restarting = false;
  private readonly printQr: (qr: string) => void;

  constructor(
    private readonly client: LifecycleClient,
    private readonly options: ConnectionOptions,
  ) {
    this.printQr = options.printQr ?? printToTerminal;
    client.on('qr', (qr: string) => {
      this.current = { state: 'qr', qr };
      options.logger.info('whatsapp web: scan the QR code to link the phone (terminal, or GET /whatsapp/qr)');
      this.printQr(qr);
    });
    client.on('authenticated', () => {
      this.current = { state: 'authenticated' };
    });
    client.on('ready', () => {
      this.current = { state: 'ready' };
      this.attempts = 0;
      options.logger.info('whatsapp web: connected');
    });
    client.on('auth_failure', (message: string) => options.logger.error({ message }, 'whatsapp web: authentication failed, a new QR code will be needed'));
    client.on('disconnected', (reason: string) => {
      options.logger.warn({ reason }, 'whatsapp web: disconnected');
      void this.restart(reason);
    });
  }

  get status(): LinkStatus {
    return this.current;
  }

  /** Starts the client; a failure is logged and retried, never thrown. */
  start(): void {
    if (this.stopped) return;
    this.current = { state: 'starting' };
    this.client.initialize().catch((err: unknown) => {
      this.options.logger.error({ err }, 'whatsapp web: could not start, will retry (check CHROMIUM_PATH and the network)');
      void this.restart('start failed');
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.client.destroy().catch(() => undefined);
  }

  private async restart(reason: string): Promise<void> {
    if (this.stopped || this.restarting) return;
    this.restarting = true;
    const initial = this.options.initialDelayMs ?? 2_000;
    const delay = Math.min(initial * 2 ** this.attempts, this.options.maxDelayMs ?? 5 * 60_000);
    this.attempts += 1;
    this.current = { state: 'disconnected', reason, retryInMs: delay };
    // The old browser goes before a new one starts.
    await this.client.destroy().catch(() => undefined);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.restarting = false;
      this.start();
    }, delay);
    this.timer.unref();
  }
}
