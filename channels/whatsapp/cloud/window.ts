import type { LastInboundStore } from '../store/last-inbound.js';

/** WhatsApp lets a business write freely for 24 hours after the citizen's last message. */
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The 24-hour customer-service window of each conversation. */
export class CustomerServiceWindow {
  constructor(
    private readonly lastInbound: LastInboundStore,
    private readonly now: () => number,
  ) {}

  /** The citizen wrote at `at` (WhatsApp's timestamp, never later than now). */
  async opened(conversationId: string, at: number): Promise<void> {
    const now = this.now();
    await this.lastInbound.touch(conversationId, Number.isFinite(at) ? Math.min(at, now) : now);
  }

  /** True when a free-form message would be refused: only an approved template may go out. */
  async isOutsideWindow(conversationId: string): Promise<boolean> {
    const last = await this.lastInbound.get(conversationId);
    return last === undefined || this.now() - last >= CUSTOMER_SERVICE_WINDOW_MS;
  }
}
