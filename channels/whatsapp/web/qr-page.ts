import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { operatorTokenGuard } from '../../shared/operator-token.js';
import type { WhatsAppTexts } from '../texts.js';
import type { LinkStatus } from './connection.js';

const QR_PAGE_PATH = '/whatsapp/qr';

export interface QrPageOptions {
  token: string;
  status: () => LinkStatus;
  texts: WhatsAppTexts;
}

/** The operator's page for linking the phone: the current QR code as SVG, refreshed as WhatsApp rotates it. */
export async function qrPageRoutes(app: FastifyInstance, options: QrPageOptions): Promise<void> {
  const guard = operatorTokenGuard(options.token, 'Layani WhatsApp');
  app.get(QR_PAGE_PATH, { onRequest: guard }, async (_request, reply) => {
    const status = options.status();
    const { texts } = options;
    let body: string;
    if (status.state === 'qr') {
      const svg = await QRCode.toString(status.qr, { type: 'svg', margin: 2, width: 320, errorCorrectionLevel: 'M' });
      body = `<figure>${svg}</figure><p>${escapeHtml(texts.qrHelp)}</p>`;
    } else if (status.state === 'ready' || status.state === 'authenticated') {
      body = `<p>${escapeHtml(texts.qrLinked)}</p>`;
    } else {
      body = `<p>${escapeHtml(texts.qrWaiting)}</p>`;
    }
    return reply
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(page(texts.qrTitle, status.state, body));
  });
}

function page(title: string, state: string, body: string): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${state === 'ready' ? 60 : 10}"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}figure{margin:0}svg{width:100%;height:auto}</style>
</head><body><h1>${escapeHtml(title)}</h1><main data-state="${escapeHtml(state)}">${body}</main></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
