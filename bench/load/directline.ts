import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** One keep-alive connection pool for all the requests of the load generator. */
export const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 1024 });

export class NoReply extends Error {}

/** POSTs JSON and resolves to the parsed JSON answer; non-2xx answers reject with their body. */
export function postJson(url: string, body: unknown, bearer: string): Promise<Record<string, unknown>> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${bearer}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`POST ${url} → ${res.statusCode}: ${text.slice(0, 200)}`));
          else resolve(JSON.parse(text) as Record<string, unknown>);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface StreamActivity {
  type?: string;
  replyToId?: string;
  from?: { role?: string };
}

/**
 * A citizen's Direct Line conversation as a web client holds it: a token, an open WebSocket stream, and
 * messages posted one after another. `send` measures from just before the POST to the bot's reply
 * (the first bot message whose replyToId is the posted id) arriving on the stream.
 */
export class Conversation {
  /** Bot replies that arrived before the POST that caused them had answered: replyToId → arrival time. */
  private readonly early = new Map<string, number>();
  private waiting: { id: string; resolve: (at: number) => void } | undefined;
  /** The last message answered: further bot activities of its turn are not replies to wait for. */
  private answered = '';
  private posted = 0;

  private constructor(
    /** Where messages are posted, in turn (several instances behind a load balancer without affinity). */
    private readonly activitiesUrls: string[],
    private readonly token: string,
    private readonly socket: WebSocket,
    readonly userId: string,
  ) {
    socket.on('message', (data: WebSocket.RawData) => this.onStream(data.toString()));
  }

  /**
   * POST /conversations with the secret, then opens the stream and waits until it is open; messages go
   * to `postTo` in turn (the same instance when omitted).
   */
  static async open(baseUrl: string, secret: string, postTo: string[] = [baseUrl]): Promise<Conversation> {
    const started = await postJson(`${baseUrl}/v3/directline/conversations`, {}, secret);
    const id = String(started.conversationId);
    const socket = new WebSocket(String(started.streamUrl), { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`stream → ${res.statusCode}`)));
    });
    socket.on('error', () => undefined);
    const userId = `bench_${id.slice(0, 8)}`;
    const activitiesUrls = postTo.map((url) => `${url}/v3/directline/conversations/${id}/activities`);
    return new Conversation(activitiesUrls, String(started.token), socket, userId);
  }

  /** Sends one message and resolves to the milliseconds until the bot's reply arrived on the stream. */
  async send(text: string, timeoutMs: number): Promise<number> {
    const sentAt = performance.now();
    const url = this.activitiesUrls[this.posted++ % this.activitiesUrls.length]!;
    const posted = await postJson(url, { type: 'message', from: { id: this.userId }, text, locale: 'id-ID' }, this.token);
    const id = String(posted.id);
    this.answered = id;
    const early = this.early.get(id);
    if (early !== undefined) {
      this.early.delete(id);
      return early - sentAt;
    }
    const repliedAt = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new NoReply(`no reply within ${timeoutMs} ms to "${text}"`));
      }, timeoutMs);
      this.waiting = {
        id,
        resolve: (at) => {
          clearTimeout(timer);
          this.waiting = undefined;
          resolve(at);
        },
      };
    });
    return repliedAt - sentAt;
  }

  close(): void {
    this.socket.terminate();
  }

  private onStream(data: string): void {
    if (data.length === 0) return; // keep-alive
    const at = performance.now();
    const { activities } = JSON.parse(data) as { activities: StreamActivity[] };
    for (const activity of activities) {
      if (activity.from?.role !== 'bot' || activity.type !== 'message' || !activity.replyToId) continue;
      if (activity.replyToId === this.answered && this.waiting?.id !== activity.replyToId) continue;
      if (this.waiting?.id === activity.replyToId) this.waiting.resolve(at);
      else if (!this.early.has(activity.replyToId)) this.early.set(activity.replyToId, at);
    }
  }
}
