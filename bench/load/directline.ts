import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import WebSocket from 'ws';

/**
 * One keep-alive connection pool per server (origin) for all the requests of the load generator.
 * undici rather than node:http's client: at 3,000 messages/s node:http cost the load generator about
 * 170 µs of CPU per message (undici: 120-150), so on a 2-core machine it took CPU from the server it measures and its own
 * event loop fell behind the replies it timestamps.
 */
const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) pools.set(origin, (pool = new Pool(origin, { connections: 1024, pipelining: 1 })));
  return pool;
}

export class NoReply extends Error {}

/** Where a request goes: the server and the path on it. */
interface Target {
  origin: string;
  path: string;
}

function targetOf(url: string): Target {
  const { origin, pathname, search } = new URL(url);
  return { origin, path: pathname + search };
}

/** POSTs JSON and resolves to the parsed JSON answer; non-2xx answers reject with their body. */
export async function postJson(target: Target, body: unknown, bearer: string): Promise<Record<string, unknown>> {
  const response = await poolFor(target.origin).request({
    method: 'POST',
    path: target.path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`POST ${target.origin}${target.path} → ${response.statusCode}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Closes every connection (between runs, so that one run's connections do not carry into the next). */
export async function closePools(): Promise<void> {
  const closing = [...pools.values()].map((pool) => pool.close());
  pools.clear();
  await Promise.allSettled(closing);
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
    private readonly activities: Target[],
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
    const started = await postJson(targetOf(`${baseUrl}/v3/directline/conversations`), {}, secret);
    const id = String(started.conversationId);
    const socket = new WebSocket(String(started.streamUrl), { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`stream → ${res.statusCode}`)));
    });
    socket.on('error', () => undefined);
    const userId = `bench_${id.slice(0, 8)}`;
    const activities = postTo.map((url) => targetOf(`${url}/v3/directline/conversations/${id}/activities`));
    return new Conversation(activities, String(started.token), socket, userId);
  }

  /** Sends one message and resolves to the milliseconds until the bot's reply arrived on the stream. */
  async send(text: string, timeoutMs: number): Promise<number> {
    const sentAt = performance.now();
    const target = this.activities[this.posted++ % this.activities.length]!;
    const posted = await postJson(target, { type: 'message', from: { id: this.userId }, text, locale: 'id-ID' }, this.token);
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
