/**
 * The end-to-end baseline: the Direct Line transport with no bot behind it, run as its own process and
 * driven by the same load generator as Layani. fastify and @fastify/websocket as in Layani; a conversation
 * is a token and a stream; a posted message is parsed, checked against its token, answered with its id,
 * and echoed on the stream together with a fixed answer of a catalogue answer's size, in one activity set
 * (as Layani sends them when the bot answers without waiting for I/O). Nothing is stored, classified or
 * logged: what is left of a message's cost is HTTP, JSON and the socket writes, the part no bot can avoid.
 */
import { randomBytes } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';

const port = Number(process.env.PORT);
const secret = process.env.DIRECTLINE_SECRET ?? '';
const ANSWER =
  'Persyaratan membuat KTP elektronik:\n1. Berusia 17 tahun atau sudah/pernah menikah.\n2. Fotokopi Kartu Keluarga.\n' +
  '3. Surat pengantar RT/RW bila diminta.\nDatang ke kantor Disdukcapil atau kecamatan sesuai domisili Anda pada jam layanan. ' +
  'Layanan ini tidak dipungut biaya.\nAda lagi yang bisa saya bantu?';

interface Conversation {
  token: string;
  seq: number;
  socket?: WebSocket;
}

const conversations = new Map<string, Conversation>();
const app = Fastify({ logger: false });
await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

app.post('/v3/directline/conversations', async (request, reply) => {
  if (request.headers.authorization !== `Bearer ${secret}`) return reply.code(403).send({ error: 'forbidden' });
  const conversationId = randomBytes(16).toString('base64url');
  const token = randomBytes(24).toString('base64url');
  conversations.set(conversationId, { token, seq: 0 });
  const streamUrl = `ws://127.0.0.1:${port}/v3/directline/conversations/${conversationId}/stream?t=${token}`;
  return reply.code(201).send({ conversationId, token, expires_in: 3600, streamUrl });
});

app.get<{ Params: { id: string }; Querystring: { t?: string } }>('/v3/directline/conversations/:id/stream', { websocket: true }, (socket, request) => {
  const conversation = conversations.get(request.params.id);
  if (!conversation || request.query.t !== conversation.token) return socket.close(1008, 'forbidden');
  conversation.socket = socket;
  socket.on('close', () => conversations.delete(request.params.id));
});

app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/v3/directline/conversations/:id/activities', async (request, reply) => {
  const conversationId = request.params.id;
  const conversation = conversations.get(conversationId);
  if (!conversation || request.headers.authorization !== `Bearer ${conversation.token}`) return reply.code(403).send({ error: 'forbidden' });
  const timestamp = new Date().toISOString();
  // Ids as Layani makes them: the conversation, then the activity's sequence number.
  const nextId = () => `${conversationId}|${String(++conversation.seq).padStart(7, '0')}`;
  const id = nextId();
  const answer = {
    type: 'message',
    id: nextId(),
    timestamp,
    channelId: 'directline',
    from: { id: 'layani', name: 'Layani', role: 'bot' },
    conversation: { id: conversationId },
    replyToId: id,
    locale: 'id-ID',
    text: ANSWER,
  };
  const echo = { ...request.body, id, timestamp, channelId: 'directline', conversation: { id: conversationId } };
  conversation.socket?.send(JSON.stringify({ activities: [echo, answer], watermark: String(conversation.seq) }));
  return { id };
});

await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
