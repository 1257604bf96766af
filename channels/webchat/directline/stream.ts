import type { WebSocket } from 'ws';
import type { ActivitySet, StoredActivity } from '../store/activity-store.js';
import { sequenceOf } from '../store/activity-store.js';

/**
 * One open Direct Line stream. It first replays the log from the client's watermark, then forwards new
 * activity sets; whatever is published while the replay is being read is held back and sent after it,
 * and nothing at or below what was already sent goes out twice.
 */
class Stream {
  private sentUpTo: number;
  private replaying = true;
  private held: StoredActivity[] = [];

  constructor(
    readonly socket: WebSocket,
    watermark: number,
  ) {
    this.sentUpTo = watermark;
  }

  publish(activities: StoredActivity[]): void {
    if (this.replaying) this.held.push(...activities);
    else this.send(activities);
  }

  finishReplay(replay: ActivitySet): void {
    this.replaying = false;
    const held = this.held;
    this.held = [];
    this.send([...replay.activities, ...held]);
  }

  keepAlive(): void {
    // Direct Line's keep-alive: an empty message, which clients ignore.
    if (this.socket.readyState === this.socket.OPEN) this.socket.send('');
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
    if (fresh.length > 0) this.socket.send(JSON.stringify({ activities: fresh, watermark: String(this.sentUpTo) }));
  }
}

/** The open WebSocket streams of this instance, by conversation. */
export class StreamHub {
  private readonly streams = new Map<string, Set<Stream>>();
  private readonly timer: NodeJS.Timeout;

  constructor(keepAliveMs: number) {
    this.timer = setInterval(() => this.forEach((s) => s.keepAlive()), keepAliveMs);
    this.timer.unref();
  }

  /**
   * Opens a stream: `readReplay` is called after the stream is subscribed, so activities appended in
   * between are not lost.
   */
  async open(conversationId: string, socket: WebSocket, watermark: number, readReplay: () => Promise<ActivitySet>): Promise<void> {
    const stream = new Stream(socket, watermark);
    let set = this.streams.get(conversationId);
    if (!set) this.streams.set(conversationId, (set = new Set()));
    set.add(stream);
    socket.on('close', () => {
      set.delete(stream);
      if (set.size === 0 && this.streams.get(conversationId) === set) this.streams.delete(conversationId);
    });
    stream.finishReplay(await readReplay());
  }

  publish(conversationId: string, activities: StoredActivity[]): void {
    for (const stream of this.streams.get(conversationId) ?? []) stream.publish(activities);
  }

  /** Conversations with at least one open stream on this instance. */
  get openConversations(): number {
    return this.streams.size;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private forEach(fn: (stream: Stream) => void): void {
    for (const set of this.streams.values()) for (const stream of set) fn(stream);
  }
}
