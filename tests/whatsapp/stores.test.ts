import { describe, expect, it } from 'vitest';
import { CustomerServiceWindow } from '../../channels/whatsapp/cloud/window.js';
import { MemoryChoiceMemory } from '../../channels/whatsapp/store/choices.js';
import { MemoryDedupStore } from '../../channels/whatsapp/store/dedup.js';
import { MemoryDeliveryStatusStore } from '../../channels/whatsapp/store/delivery-status.js';
import { MemoryLastInboundStore } from '../../channels/whatsapp/store/last-inbound.js';

const HOUR = 60 * 60 * 1000;

function clock(start = Date.UTC(2026, 10, 30, 1, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('in-memory WhatsApp stores', () => {
  it('remembers offered choices per conversation, forgets them on empty and after a day', async () => {
    const c = clock();
    const memory = new MemoryChoiceMemory(c.now);
    await memory.remember('wa:1', [{ title: 'A', value: 'a' }]);
    expect(await memory.offered('wa:1')).toEqual([{ title: 'A', value: 'a' }]);
    expect(await memory.offered('wa:2')).toEqual([]);
    await memory.remember('wa:1', []);
    expect(await memory.offered('wa:1')).toEqual([]);
    await memory.remember('wa:1', [{ title: 'B', value: 'b' }]);
    c.advance(25 * HOUR);
    expect(await memory.offered('wa:1')).toEqual([]);
  });

  it('sees a message id once within its TTL', async () => {
    const c = clock();
    const dedup = new MemoryDedupStore(c.now);
    expect(await dedup.firstSeen('m1', HOUR)).toBe(true);
    expect(await dedup.firstSeen('m1', HOUR)).toBe(false);
    expect(await dedup.firstSeen('m2', HOUR)).toBe(true);
    c.advance(HOUR + 1);
    expect(await dedup.firstSeen('m1', HOUR)).toBe(true);
  });

  it('keeps the furthest delivery status when callbacks arrive out of order', async () => {
    const store = new MemoryDeliveryStatusStore();
    const status = (s: string) => ({ messageId: 'wamid.X', recipient: '62811', status: s, timestamp: new Date() });
    await store.record(status('read'));
    await store.record(status('delivered'));
    expect((await store.latest('wamid.X'))?.status).toBe('read');
    await store.record({ ...status('failed'), errors: [{ code: 131026, title: 'Message undeliverable' }] });
    expect((await store.latest('wamid.X'))?.errors?.[0]?.code).toBe(131026);
  });
});

describe('the 24-hour customer-service window', () => {
  it('is open for 24 hours after the citizen\'s last message, and closed without one', async () => {
    const c = clock();
    const window = new CustomerServiceWindow(new MemoryLastInboundStore(c.now), c.now);
    expect(await window.isOutsideWindow('wa:1')).toBe(true);
    await window.opened('wa:1', c.now());
    expect(await window.isOutsideWindow('wa:1')).toBe(false);
    c.advance(24 * HOUR - 1);
    expect(await window.isOutsideWindow('wa:1')).toBe(false);
    c.advance(1);
    expect(await window.isOutsideWindow('wa:1')).toBe(true);
  });

  it('is not moved back by a late redelivery, nor forward past now', async () => {
    const c = clock();
    const window = new CustomerServiceWindow(new MemoryLastInboundStore(c.now), c.now);
    await window.opened('wa:1', c.now());
    await window.opened('wa:1', c.now() - 30 * HOUR);
    c.advance(23 * HOUR);
    expect(await window.isOutsideWindow('wa:1')).toBe(false);
    await window.opened('wa:2', c.now() + 100 * HOUR);
    c.advance(25 * HOUR);
    expect(await window.isOutsideWindow('wa:2')).toBe(true);
  });
});
