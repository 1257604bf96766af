import { ExpiringMap } from '../../../bot/expiring-map.js';

/** What WhatsApp reports about a message we sent (Cloud API status callbacks). */
export interface DeliveryStatus {
  messageId: string;
  recipient: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | (string & {});
  timestamp: Date;
  /** For `failed`: WhatsApp's error codes and titles. */
  errors?: { code: number; title: string }[];
}

/** Records delivery statuses; the officer console can show whether a reply arrived or failed. */
export interface DeliveryStatusStore {
  record(status: DeliveryStatus): Promise<void>;
  latest(messageId: string): Promise<DeliveryStatus | undefined>;
}

export const STATUS_RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };
export const STATUS_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export class MemoryDeliveryStatusStore implements DeliveryStatusStore {
  private readonly statuses: ExpiringMap<DeliveryStatus>;

  constructor(now: () => number = Date.now) {
    this.statuses = new ExpiringMap(now);
  }

  async record(status: DeliveryStatus): Promise<void> {
    const known = this.statuses.get(status.messageId);
    // Callbacks may arrive out of order ("read" before "delivered"): keep the furthest state.
    if (known && (STATUS_RANK[known.status] ?? 0) > (STATUS_RANK[status.status] ?? 0)) return;
    this.statuses.set(status.messageId, status, STATUS_TTL_MS);
  }

  async latest(messageId: string): Promise<DeliveryStatus | undefined> {
    return this.statuses.get(messageId);
  }
}
