import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OfficerDesk } from '../../../bot/handoff/api.js';
import type { Ticket } from '../../../bot/handoff/types.js';
import type { OfficerAccounts } from '../accounts/accounts.js';
import type { ConsoleGuard } from '../auth/guard.js';
import type { CannedReply } from '../canned-replies.js';
import { ConsoleError } from './errors.js';
import { mediaRoutes } from './media.js';
import { publicRecord } from './public.js';
import { schemas } from './schemas.js';

export interface DeskRoutesOptions {
  desk: OfficerDesk;
  accounts: OfficerAccounts;
  guard: ConsoleGuard;
  cannedReplies: CannedReply[];
  now: () => number;
}

type KeyParams = { Params: { key: string } };
type TextBody = { Body: { text: string } };

/**
 * The officer's API: a thin layer over OfficerDesk that names the signed-in officer as the actor.
 * Every route needs a session; every POST also needs the CSRF token (hooks added for the scope).
 */
export async function deskRoutes(app: FastifyInstance, options: DeskRoutesOptions): Promise<void> {
  const { desk, accounts, guard } = options;
  app.addHook('onRequest', guard.authenticate);
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') await guard.checkCsrf(request);
  });
  const me = (request: FastifyRequest) => guard.officer(request).username;

  // Citizens' attachments (WhatsApp media fetched with the channel's credentials), same hooks.
  await app.register(mediaRoutes);

  app.get('/queue', { schema: schemas.queue }, async () => {
    const items = await desk.queue();
    return { now: options.now(), items: items.map((item) => ({ ...item, record: publicRecord(item.record) })) };
  });

  app.get<KeyParams>('/conversations/:key', { schema: schemas.conversation }, async (request) => {
    const { record, transcript } = await desk.conversation(request.params.key);
    // WhatsApp's 24-hour customer-service window: past it, an officer's reply goes as a template.
    const conversationId = record.reference.conversation?.id;
    const replyWindowClosed =
      record.channelId === 'whatsapp' && conversationId !== undefined && app.hasDecorator('whatsapp')
        ? await app.whatsapp.isOutsideWindow(conversationId)
        : false;
    return { record: publicRecord(record), transcript, replyWindowClosed };
  });

  app.post<KeyParams>('/conversations/:key/claim', { schema: schemas.action }, async (request) => ({
    record: publicRecord(await desk.claim(request.params.key, me(request))),
  }));

  app.post<KeyParams & TextBody>('/conversations/:key/reply', { schema: schemas.text }, async (request) => {
    await desk.reply(request.params.key, me(request), request.body.text);
    return { ok: true };
  });

  app.post<KeyParams & TextBody>('/conversations/:key/note', { schema: schemas.text }, async (request) => {
    await desk.note(request.params.key, me(request), request.body.text);
    return { ok: true };
  });

  app.post<KeyParams & { Body: { to: string } }>('/conversations/:key/transfer', { schema: schemas.transfer }, async (request) => {
    const { key } = request.params;
    const { to } = request.body;
    if (!(await accounts.get(to))) throw new ConsoleError(400, 'invalid', `Petugas "${to}" tidak ditemukan.`);
    const officer = guard.officer(request);
    const { record } = await desk.conversation(key);
    const heldByOther = record.owner === 'officer' && record.officer !== undefined && record.officer !== officer.username;
    if (officer.role === 'supervisor' && (heldByOther || record.owner === 'queued')) {
      // A supervisor moves a conversation another officer holds, or assigns a waiting one.
      const moved = heldByOther ? await desk.transfer(key, record.officer!, to) : await desk.claim(key, to);
      await desk.note(key, officer.username, `Supervisor ${officer.username} ${heldByOther ? 'memindahkan' : 'menugaskan'} percakapan ke ${to}.`);
      return { record: publicRecord(moved) };
    }
    return { record: publicRecord(await desk.transfer(key, officer.username, to)) };
  });

  app.post<KeyParams>('/conversations/:key/hand-back', { schema: schemas.action }, async (request) => ({
    record: publicRecord(await desk.handBack(request.params.key, me(request))),
  }));

  app.post<KeyParams>('/conversations/:key/close', { schema: schemas.action }, async (request) => ({
    record: publicRecord(await desk.close(request.params.key, me(request))),
  }));

  app.post<KeyParams>('/conversations/:key/typing', { schema: schemas.typing }, async (request) => {
    await desk.typing(request.params.key, me(request));
    return { ok: true };
  });

  app.get<{ Querystring: { status?: Ticket['status'] } }>('/tickets', { schema: schemas.tickets }, async (request) => ({
    tickets: await desk.tickets(request.query.status),
  }));

  app.post<{ Params: { number: string } } & TextBody>('/tickets/:number/answer', { schema: schemas.answerTicket }, async (request) => ({
    ticket: await desk.answerTicket(request.params.number, me(request), request.body.text),
  }));

  app.get('/officers', { schema: schemas.officers }, async () => ({
    officers: (await accounts.list()).map(({ username, role }) => ({ username, role })),
  }));

  app.get('/canned-replies', { schema: schemas.canned }, async () => ({ replies: options.cannedReplies }));

  app.get('/load', { schema: schemas.load, onRequest: guard.requireSupervisor }, async () => {
    const [load, officers, queue] = await Promise.all([desk.load(), accounts.list(), desk.queue()]);
    const known = new Set(officers.map((o) => o.username));
    const rows = [
      ...officers.map(({ username, role }) => ({ username, role, conversations: load[username] ?? 0 })),
      // Conversations held by a username that has no account (any more) still count.
      ...Object.entries(load).filter(([username]) => !known.has(username)).map(([username, conversations]) => ({ username, conversations })),
    ];
    rows.sort((a, b) => b.conversations - a.conversations || a.username.localeCompare(b.username));
    return { officers: rows, queued: queue.filter((item) => item.record.owner === 'queued').length };
  });
}
