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
  /** One entry per local listener: its peek, or undefined when it hears everything. */
  private readonly peeks: (((raw: string) => boolean) | undefined)[] = [];
  /** The subscription being made or undone, so that the next change waits for it. */
  private change: Promise<void> = Promise.resolve();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly lazy: boolean,
  ) {}

  static async open<T>(
    publisher: Redis,
    subscriber: Redis,
    channel: string,
    logger: Logger,
    options: { lazy?: boolean } = {},
  ): Promise<RedisBus<T>> {
    const bus = new RedisBus<T>(publisher, subscriber, channel, logger, options.lazy ?? false);
    if (!bus.lazy) await subscriber.subscribe(channel, bus.onMessage); // subscribed for good
    return bus;
  }

  async publish(message: T): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  subscribe(listener: (message: T) => void, options: SubscribeOptions = {}): () => void {
    const unsubscribe = this.local.subscribe(listener);
    const { peek } = options;
    this.peeks.push(peek);
    if (this.lazy && this.peeks.length === 1) this.update(() => this.subscriber.subscribe(this.channel, this.onMessage));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      this.peeks.splice(this.peeks.indexOf(peek), 1);
      if (this.lazy && this.peeks.length === 0) this.update(() => this.subscriber.unsubscribe(this.channel, this.onMessage));
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
    // Parsed only when some listener wants it (with none, nobody would hear it).
    if (!this.peeks.some((peek) => peek === undefined || peek(raw))) return;
    try {
      void this.local.publish(JSON.parse(raw) as T);
    } catch (err) {
      this.logger.error({ err, channel: this.channel }, 'bus message could not be handled');
    }
  };
}
