import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Redis } from './redis.js';

export interface SubscribeOptions {
  /**
   * Across instances: called with a message as received, before it is parsed; when it (and every other
   * listener's) says false, the message is dropped unparsed. Lets an instance skip what concerns only
   * the others. Within one process every message is delivered.
   */
  peek?: (raw: string) => boolean;
}

/** Publish/subscribe between the parts of Layani, across instances when Redis is configured. */
export interface Bus<T> {
  publish(message: T): Promise<void>;
  subscribe(listener: (message: T) => void, options?: SubscribeOptions): () => void;
  /** Resolves once this instance hears every message its listeners subscribed to. */
  settled(): Promise<void>;
}

export class MemoryBus<T> implements Bus<T> {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(message: T): Promise<void> {
    this.emitter.emit('message', message);
  }

  subscribe(listener: (message: T) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }

  async settled(): Promise<void> {}
}

/**
 * A Redis pub/sub channel: every instance (this one included) hears every message. Local listeners
 * are called only from the subscription, so each hears a message exactly once. A `lazy` bus subscribes
 * only while it has a listener: live handoff events, published with every message, are then received
 * and parsed only by instances where an officer's console is open (`settled()` tells when a new
 * listener hears everything).
 */
export class RedisBus<T> implements Bus<T> {
  private readonly local = new MemoryBus<T>();
  private listeners = 0;
  /** The listeners' peeks, and how many listeners have none (then every message is parsed). */
  private readonly peeks = new Set<(raw: string) => boolean>();
  private unpeeked = 0;
  /** The subscription being made or undone, so that the next change waits for it. */
  private change: Promise<void> = Promise.resolve();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  static async open<T>(
    publisher: Redis,
    subscriber: Redis,
    channel: string,
    logger: Logger,
    options: { lazy?: boolean } = {},
  ): Promise<RedisBus<T>> {
    const bus = new RedisBus<T>(publisher, subscriber, channel, logger);
    if (!options.lazy) {
      bus.listeners = 1; // subscribed for good
      await subscriber.subscribe(channel, bus.onMessage);
    }
    return bus;
  }

  async publish(message: T): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  subscribe(listener: (message: T) => void, options: SubscribeOptions = {}): () => void {
    const unsubscribe = this.local.subscribe(listener);
    const { peek } = options;
    if (peek) this.peeks.add(peek);
    else this.unpeeked += 1;
    if (++this.listeners === 1) this.update(() => this.subscriber.subscribe(this.channel, this.onMessage));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      if (peek) this.peeks.delete(peek);
      else this.unpeeked -= 1;
      if (--this.listeners === 0) this.update(() => this.subscriber.unsubscribe(this.channel, this.onMessage));
    };
  }

  settled(): Promise<void> {
    return this.change;
  }

  private update(change: () => Promise<unknown>): void {
    this.change = this.change
      .then(change)
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err, channel: this.channel }, 'bus subscription could not be changed'));
  }

  private readonly onMessage = (raw: string): void => {
    if (this.unpeeked === 0 && this.peeks.size > 0 && !this.anyPeekWants(raw)) return;
    try {
      void this.local.publish(JSON.parse(raw) as T);
    } catch (err) {
      this.logger.error({ err, channel: this.channel }, 'bus message could not be handled');
    }
  };

  private anyPeekWants(raw: string): boolean {
    for (const peek of this.peeks) if (peek(raw)) return true;
    return false;
  }
}
