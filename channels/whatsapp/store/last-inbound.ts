import { ExpiringMap } from '../../../bot/expiring-map.js';

/** When each citizen last wrote to us: the start of WhatsApp's 24-hour customer-service window. */
export interface LastInboundStore {
  /** Records a message time; an older time (a late redelivery) never moves the window back. */
  touch(conversationId: string, at: number): Promise<void>;
  get(conversationId: string): Promise<number | undefined>;
}

/** Past the window, only the time matters: "outside"; forgetting after a month is enough. */
export const LAST_INBOUND_KEEP_MS = 30 * 24 * 60 * 60 * 1000;

export class MemoryLastInboundStore implements LastInboundStore {
  private readonly times: ExpiringMap<number>;

  constructor(now: () => number = Date.now) {
    this.times = new ExpiringMap(now);
  }

  async touch(conversationId: string, at: number): Promise<void> {
    const known = this.times.get(conversationId);
    if (known === undefined || at > known) this.times.set(conversationId, at, LAST_INBOUND_KEEP_MS);
  }

  async get(conversationId: string): Promise<number | undefined> {
    return this.times.get(conversationId);
  }
}
