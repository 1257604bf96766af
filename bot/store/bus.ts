import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Redis } from './redis.js';

/** Publish/subscribe between the parts of Layani, across instances when Redis is configured. */
export interface Bus<T> {
  publish(message: T): Promise<void>;
  subscribe(listener: (message: T) => void): () => void;
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
}

/**
 * A Redis pub/sub channel: every instance (this one included) hears every message. Local listeners
 * are called only from the subscription, so each hears a message exactly once.
 */
export class RedisBus<T> implements Bus<T> {
  private readonly local = new MemoryBus<T>();

  private constructor(
    private readonly publisher: Redis,
    private readonly channel: string,
  ) {}

  static async open<T>(publisher: Redis, subscriber: Redis, channel: string, logger: Logger): Promise<RedisBus<T>> {
    const bus = new RedisBus<T>(publisher, channel);
    await subscriber.subscribe(channel, (raw: string) => {
      try {
        void bus.local.publish(JSON.parse(raw) as T);
      } catch (err) {
        logger.error({ err, channel }, 'bus message could not be handled');
      }
    });
    return bus;
  }

  async publish(message: T): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  subscribe(listener: (message: T) => void): () => void {
    return this.local.subscribe(listener);
  }
}
