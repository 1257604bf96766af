import { TrackedWebSocket } from './support/directline-node.js';
import { ConnectionStatus, DirectLine, type Activity } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, auth, newConversation, realBot, startServer, waitFor, type TestServer } from './support/server.js';

let server: TestServer;
const clients: DirectLine[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const client of clients) client.end();
  await server.close();
});

/** What a client receives, with the message fields these tests read. */
type Received = Activity & { text?: string; replyToId?: string; suggestedActions?: { actions: { title?: string }[] } };

/** The real client, as a web page would create it; `random: () => 0` makes its reconnect delay 3 s. */
function client(options: ConstructorParameters<typeof DirectLine>[0]): { dl: DirectLine; received: Received[] } {
  const dl = new DirectLine({ domain: `${server.url}/v3/directline`, pollingInterval: 200, timeout: 5000, random: () => 0, ...options });
  clients.push(dl);
  const received: Received[] = [];
  // end() makes the stream error with "conversation ended"; that is expected here.
  dl.activity$.subscribe((activity) => received.push(activity), () => undefined);
  return { dl, received };
}

function post(dl: DirectLine, text: string, userId = 'citizen'): Promise<string> {
  return new Promise((resolve, reject) => {
    dl.postActivity({ type: 'message', from: { id: userId }, text } as Activity).subscribe(resolve, reject);
  });
}

const botReplyTo = (received: Received[], id: string) => () =>
  received.find((a) => a.type === 'message' && a.from.role === 'bot' && a.replyToId === id);

describe.each([
  { transport: 'WebSocket', webSocket: true },
  { transport: 'polling', webSocket: false },
])('botframework-directlinejs over $transport', ({ webSocket }) => {
  it('starts with a token, sends, receives the reply, and resumes after a dropped connection', async () => {
    const { token, conversationId } = await newConversation(server.url);
    const first = client({ token, conversationId: undefined, webSocket, WebSocket: TrackedWebSocket as never });

    const id = await post(first.dl, 'syarat paspor apa?');
    expect(id).toMatch(new RegExp(`^${conversationId}\\|\\d+$`));
    const reply = await waitFor(botReplyTo(first.received, id), 10_000, 'the bot reply');
    expect(reply.conversation?.id).toBe(conversationId);
    expect(reply.text).toBeTruthy();
    if (!realBot) expect(reply.suggestedActions?.actions.map((a) => a.title)).toEqual(['Syarat paspor', 'Biaya SIM']);
    // The citizen's own message comes back too (Web Chat relies on the echo).
    expect(first.received.some((a) => a.id === id && a.from.role === 'user' && a.text === 'syarat paspor apa?')).toBe(true);

    if (webSocket) {
      // Cut the stream; while the client is away, the conversation goes on elsewhere (another tab).
      const socket = TrackedWebSocket.instances.at(-1)!;
      socket.terminate();
      const missedId = await postRaw(conversationId, token, 'biaya sim berapa?');
      await waitFor(() => server.finishedTurns.some((a) => a.id === missedId) || realBot, 5000, 'the missed turn');
      await server.outlet.deliver({ channelId: 'webchat', conversation: { id: conversationId } as never }, [
        { type: 'message', text: 'Pesan dari petugas selagi Anda terputus.' },
      ]);
      // directlinejs reconnects by itself (GET /conversations/{id}?watermark=…) and gets what it missed.
      await waitFor(botReplyTo(first.received, missedId), 15_000, 'the missed reply after reconnect');
      await waitFor(() => first.received.find((a) => a.text === 'Pesan dari petugas selagi Anda terputus.'), 5000, 'the officer message');
      expect(TrackedWebSocket.instances.at(-1)).not.toBe(socket);
    } else {
      // Polling: the client goes away (page closed); a new one resumes from the last watermark.
      const watermark = (first.dl as unknown as { watermark: string }).watermark;
      expect(watermark).toMatch(/^\d+$/);
      first.dl.end();
      const missedId = await postRaw(conversationId, token, 'biaya sim berapa?');
      const second = client({ token, conversationId, watermark, webSocket });
      await waitFor(botReplyTo(second.received, missedId), 10_000, 'the missed reply after resuming');
      // Nothing from before the watermark is delivered twice.
      expect(second.received.some((a) => a.id === id)).toBe(false);
    }
    expectNoDuplicates(first.received);
  });

  it('resumes a conversation in a new client from its watermark (page reload)', async () => {
    const { token, conversationId } = await newConversation(server.url);
    const first = client({ token, webSocket });
    const id = await post(first.dl, 'halo');
    await waitFor(botReplyTo(first.received, id), 10_000, 'the first reply');
    const watermark = (first.dl as unknown as { watermark: string }).watermark;
    first.dl.end();

    const missedId = await postRaw(conversationId, token, 'jam buka kantor?');
    const second = client({ token, conversationId, watermark, webSocket });
    await waitFor(() => second.dl.connectionStatus$.getValue() === ConnectionStatus.Online, 5000, 'online');
    await waitFor(botReplyTo(second.received, missedId), 10_000, 'the missed reply');
    expect(second.received.some((a) => a.id === id)).toBe(false);
    expectNoDuplicates(second.received);
  });
});

it('starts a conversation with the secret directly, as Azure allows', async () => {
  const { dl, received } = client({ secret: SECRET, webSocket: true });
  const id = await post(dl, 'halo');
  await waitFor(botReplyTo(received, id), 10_000, 'the reply');
});

async function postRaw(conversationId: string, token: string, text: string): Promise<string> {
  const response = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { ...auth(token), 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'someone' }, text }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

function expectNoDuplicates(activities: Received[]): void {
  const ids = activities.map((a) => a.id);
  expect(new Set(ids).size).toBe(ids.length);
}
