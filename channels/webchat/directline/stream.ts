import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { owned } from '../../../bot/kept-strings.js';
import type { ActivitySet, StoredActivity } from '../store/activity-store.js';
import { sequenceOf } from '../store/activity-store.js';

/** Where a socket keeps its stream, for the close listener every socket shares. */
const STREAM = Symbol('layani.stream');

/**
 * Keep-alives go out in this many slices per half interval, a slice at a time (every 100 ms by default):
 * with thousands of open streams, pinging them all at once would hold up the event loop (a socket write
 * costs 15–25 µs: 10,000 streams, 200 ms or more; 100 at a time, 2 ms).
 */
const KEEP_ALIVE_SLICES = 100;

/**
 * One open Direct Line stream. It first replays the log from the client's watermark, then forwards new
 * activity sets; whatever is published while the replay is being read is held back and sent after it,
 * and nothing at or below what was already sent goes out twice.
 */
class Stream {
  private sentUpTo: number;
  private held: StoredActivity[] | undefined = [];
  private queued: StoredActivity[] | undefined;
  /** Whether anything went out since the keep-alive round last looked (opening counts). */
  private busy = true;

  constructor(
    readonly socket: WebSocket,
    watermark: number,
    readonly conversationId: string,
    readonly hub: StreamHub,
    /** Its keep-alive slice. */
    readonly slice: number,
  ) {
    this.sentUpTo = watermark;
    (socket as WebSocket & { [STREAM]?: Stream })[STREAM] = this;
  }

  /** Queues activities for the next flush; true when nothing was queued yet (a flush is then due). */
  publish(activities: StoredActivity[]): boolean {
    if (this.held) this.held.push(...activities);
    else if (this.queued) this.queued.push(...activities);
    else {
      this.queued = activities.slice();
      return true;
    }
    return false;
  }

  flush(): void {
    const queued = this.queued;
    this.queued = undefined;
    if (queued) this.send(queued);
  }

  finishReplay(replay: ActivitySet): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.send([...replay.activities, ...held]);
  }

  /**
   * Called every half keep-alive interval: Direct Line's keep-alive, an empty message that clients
   * ignore, unless something went out since the last call. So a stream is never silent for longer than
   * the interval, and streams in use get no keep-alives.
   */
  keepAlive(): void {
    if (this.busy) this.busy = false;
    else if (this.socket.readyState === this.socket.OPEN) {
      this.socket.send('');
      this.busy = true;
    }
  }

  private send(activities: StoredActivity[]): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const fresh: StoredActivity[] = [];
    for (const activity of activities) {
      const seq = sequenceOf(activity.id);
      if (seq <= this.sentUpTo) continue;
      fresh.push(activity);
      this.sentUpTo = seq;
    }
    if (fresh.length > 0) {
      this.socket.send(JSON.stringify({ activities: fresh, watermark: String(this.sentUpTo) }));
      this.busy = true;
    }
  }
}

/**
 * The open WebSocket streams of this instance, by conversation. What is published goes out once the
 * current round of the event loop is over (setImmediate), so that activities published together — a
 * citizen's message and the bot's answer when the bot answers without waiting for I/O — share one
 * activity set and one socket write.
 */
export class StreamHub {
  /** The open streams by conversation: one, as a rule (a Set only while a conversation has several). */
  private readonly streams = new Map<string, Stream | Set<Stream>>();
  /** The same streams by keep-alive slice; one slice is visited per tick. */
  private readonly slices = Array.from({ length: KEEP_ALIVE_SLICES }, () => new Set<Stream>());
  private opened = 0;
  private tick = 0;
  private readonly timer: NodeJS.Timeout;
  /** Streams with activities queued for the next flush, and who waits for that flush. */
  private readonly due: Stream[] = [];
  private readonly waiting: (() => void)[] = [];

  /** `keepAliveMs`: the longest an open stream stays silent. */
  constructor(keepAliveMs: number) {
    this.timer = setInterval(() => {
      for (const stream of this.slices[this.tick++ % KEEP_ALIVE_SLICES]!) stream.keepAlive();
    }, keepAliveMs / 2 / KEEP_ALIVE_SLICES);
    this.timer.unref();
  }

  /**
   * Opens a stream: `readReplay` is called after the stream is subscribed, so activities appended in
   * between are not lost.
   */
  async open(conversationId: string, socket: WebSocket, watermark: number, readReplay: () => Promise<ActivitySet>): Promise<void> {
    // The id comes from the upgrade request's URL: kept as is, it would keep the URL alive with it.
    const id = owned(conversationId);
    const stream = new Stream(socket, watermark, id, this, this.opened++ % KEEP_ALIVE_SLICES);
    this.slices[stream.slice]!.add(stream);
    const open = this.streams.get(id);
    if (!open) this.streams.set(id, stream);
    else if (open instanceof Set) open.add(stream);
    else this.streams.set(id, new Set([open, stream]));
    // Clients only send empty pings, which need no listener; ws closes the socket itself on a protocol
    // error (e.g. a message over maxPayload) and only has to be kept from throwing it. One listener
    // function serves every socket (the stream is found on it), rather than a closure per stream.
    socket.on('error', ignore);
    socket.on('close', onStreamClose);
    stream.finishReplay(await readReplay());
  }

  /** Forgets a closed stream. */
  remove(stream: Stream): void {
    this.slices[stream.slice]!.delete(stream);
    const open = this.streams.get(stream.conversationId);
    if (open === stream) this.streams.delete(stream.conversationId);
    else if (open instanceof Set) {
      open.delete(stream);
      if (open.size === 1) this.streams.set(stream.conversationId, [...open][0]!);
    }
  }

  publish(conversationId: string, activities: StoredActivity[]): void {
    const open = this.streams.get(conversationId);
    if (!open) return;
    for (const stream of open instanceof Set ? open : [open]) {
      if (!stream.publish(activities)) continue;
      if (this.due.length === 0) setImmediate(this.flush);
      this.due.push(stream);
    }
  }

  /** Resolves once what has been published so far is written to the streams. */
  flushed(): Promise<void> {
    if (this.due.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Whether a stream of this conversation is open on this instance. */
  has(conversationId: string): boolean {
    return this.streams.has(conversationId);
  }

  /** Conversations with at least one open stream on this instance. */
  get openConversations(): number {
    return this.streams.size;
  }

  /** Stops the keep-alives and closes every stream (the server is shutting down; clients reconnect elsewhere). */
  close(): void {
    clearInterval(this.timer);
    for (const slice of this.slices) for (const stream of slice) stream.socket.close(1001, 'server closing');
  }

  private readonly flush = (): void => {
    for (const stream of this.due.splice(0)) stream.flush();
    for (const resolve of this.waiting.splice(0)) resolve();
  };
}

function ignore(): void {}

function onStreamClose(this: WebSocket): void {
  const stream = (this as WebSocket & { [STREAM]?: Stream })[STREAM];
  stream?.hub.remove(stream);
}

/** Drops a connection whose socket failed while its upgrade request was being checked. */
function destroy(this: Socket): void {
  this.destroy();
}

type UpgradeListener = (request: IncomingMessage, socket: Socket, head: Buffer) => void;

/**
 * The WebSocket upgrades of Direct Line streams, taken before @fastify/websocket sees them: it keeps
 * the upgrade's fastify request and reply, their logger, the raw request (headers, the URL with its
 * token) and a dummy response alive for as long as the socket is open, about 5 KiB of heap per open
 * stream. Here the upgrade request still goes through fastify's routing, so the stream route's hooks,
 * rate limits, token checks, validation and error answers are those of any other route; once the route
 * accepts, the socket is handed to `ws` and nothing of the request is kept.
 */
export class StreamUpgrades {
  // Clients send nothing but empty pings: a small payload limit, no compression (which would hold a
  // zlib context per socket), and no client list (the StreamHub tracks the streams).
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: 4 * 1024 });
  /** The bytes that came after an upgrade request's headers, until its route accepts it. */
  private readonly heads = new WeakMap<IncomingMessage, Buffer>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly isStream: (url: string) => boolean,
  ) {}

  /**
   * Puts the streams in front of the server's other upgrade listeners (@fastify/websocket's, which
   * serves the officer console's socket): to be called once every plugin is registered (onReady).
   */
  listen(server: Server): void {
    const others = server.listeners('upgrade') as UpgradeListener[];
    server.removeAllListeners('upgrade');
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      if (this.isStream(request.url ?? '')) this.route(request, socket, head);
      else for (const listener of others) listener.call(server, request, socket, head);
    });
  }

  /**
   * Called by the stream route once its checks have passed: completes the handshake and gives the
   * socket to `onOpen`. False when the request is not an upgrade (a plain GET of the stream URL).
   */
  accept(request: FastifyRequest, reply: FastifyReply, onOpen: (socket: WebSocket) => void): boolean {
    const head = this.heads.get(request.raw);
    if (!head) return false;
    const socket = request.raw.socket;
    reply.hijack();
    reply.raw.detachSocket(socket);
    socket.removeListener('error', destroy);
    this.wss.handleUpgrade(request.raw, socket, head, onOpen);
    return true;
  }

  /** From now on, upgrades that pass the route's checks are answered 503 (the server is shutting down). */
  close(): void {
    this.wss.close();
  }

  private route(request: IncomingMessage, socket: Socket, head: Buffer): void {
    // Node removes its own error listener before 'upgrade'; until ws has the socket, an error drops it.
    socket.on('error', destroy);
    this.heads.set(request, head);
    // Where a refusal (401, 403, 404, 429…) is written; the connection is closed once it is sent.
    const response = new ServerResponse(request);
    response.assignSocket(socket);
    response.setHeader('connection', 'close');
    response.once('finish', () => socket.destroy());
    this.app.routing(request, response);
  }
}
