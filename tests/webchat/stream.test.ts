import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamHub } from '../../channels/webchat/directline/stream.js';
import { activityId } from '../../channels/webchat/store/activity-store.js';

class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  private onClose: (() => void) | undefined;
  send(data: string): void {
    this.sent.push(data);
  }
  on(event: string, listener: () => void): void {
    if (event === 'close') this.onClose = listener;
  }
  close(): void {
    this.readyState = 3;
    this.onClose?.();
  }
  frames(): { activities: { id: string }[]; watermark: string }[] {
    return this.sent.filter((s) => s !== '').map((s) => JSON.parse(s));
  }
}

const activity = (seq: number) => ({ id: activityId('conv-aaaa', seq), type: 'message' });
let hub: StreamHub;

afterEach(() => hub.close());

describe('StreamHub', () => {
  it('replays from the watermark, holds what arrives meanwhile, and never sends twice', async () => {
    hub = new StreamHub(60_000);
    const socket = new FakeSocket();
    let finishReplay!: () => void;
    const opened = hub.open('conv-aaaa', socket as never, 1, async () => {
      // While the log is being read, activity 3 is published (it is also in the replay).
      hub.publish('conv-aaaa', [activity(3)]);
      await new Promise<void>((resolve) => (finishReplay = resolve));
      return { activities: [activity(2), activity(3)], watermark: 3 };
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(socket.sent).toEqual([]);
    finishReplay();
    await opened;
    hub.publish('conv-aaaa', [activity(4)]);
    hub.publish('conv-other', [activity(5)]);
    await hub.flushed();
    expect(socket.frames()).toEqual([
      { activities: [activity(2), activity(3)], watermark: '3' },
      { activities: [activity(4)], watermark: '4' },
    ]);
    expect(hub.openConversations).toBe(1);
    socket.close();
    expect(hub.openConversations).toBe(0);
  });

  it('serves two streams of one conversation (two tabs), and the other after one closes', async () => {
    hub = new StreamHub(60_000);
    const [first, second] = [new FakeSocket(), new FakeSocket()];
    const empty = async () => ({ activities: [], watermark: 0 });
    await hub.open('conv-aaaa', first as never, 0, empty);
    await hub.open('conv-aaaa', second as never, 0, empty);
    hub.publish('conv-aaaa', [activity(1)]);
    await hub.flushed();
    expect(first.frames()).toEqual([{ activities: [activity(1)], watermark: '1' }]);
    expect(second.frames()).toEqual([{ activities: [activity(1)], watermark: '1' }]);
    first.close();
    expect(hub.has('conv-aaaa')).toBe(true);
    hub.publish('conv-aaaa', [activity(2)]);
    await hub.flushed();
    expect(second.frames().at(-1)).toEqual({ activities: [activity(2)], watermark: '2' });
    expect(first.frames()).toHaveLength(1);
    second.close();
    expect(hub.has('conv-aaaa')).toBe(false);
    expect(hub.openConversations).toBe(0);
  });

  it('sends what is published in one round of the event loop as one activity set', async () => {
    hub = new StreamHub(60_000);
    const socket = new FakeSocket();
    await hub.open('conv-aaaa', socket as never, 0, async () => ({ activities: [], watermark: 0 }));
    // The citizen's message, then the bot's answer before the event loop moves on.
    hub.publish('conv-aaaa', [activity(1)]);
    await Promise.resolve();
    hub.publish('conv-aaaa', [activity(2)]);
    expect(socket.sent).toEqual([]);
    await hub.flushed();
    expect(socket.frames()).toEqual([{ activities: [activity(1), activity(2)], watermark: '2' }]);
    // An answer that comes later goes out in a set of its own.
    await new Promise((resolve) => setTimeout(resolve, 5));
    hub.publish('conv-aaaa', [activity(3)]);
    await hub.flushed();
    expect(socket.frames().at(-1)).toEqual({ activities: [activity(3)], watermark: '3' });
    await expect(hub.flushed()).resolves.toBeUndefined();
  });

  it('sends empty keep-alive messages on open streams', async () => {
    hub = new StreamHub(200);
    const socket = new FakeSocket();
    await hub.open('conv-aaaa', socket as never, 0, async () => ({ activities: [], watermark: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(socket.sent.length).toBeGreaterThanOrEqual(2);
    expect(socket.sent.every((s) => s === '')).toBe(true);
  });

  describe('keep-alives with many streams', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('spreads them over the interval and keeps every idle stream within it', async () => {
      hub = new StreamHub(2000);
      const sockets = Array.from({ length: 40 }, () => new FakeSocket());
      for (const [i, socket] of sockets.entries()) {
        await hub.open(`conv-${i}`, socket as never, 0, async () => ({ activities: [], watermark: 0 }));
      }
      const pingedAt = sockets.map(() => [0]); // opening counts as the first sign of life
      let most = 0;
      for (let t = 10; t <= 6000; t += 10) {
        await vi.advanceTimersByTimeAsync(10);
        let now = 0;
        for (const [i, socket] of sockets.entries()) {
          if (socket.sent.length < pingedAt[i]!.length) continue;
          pingedAt[i]!.push(t);
          now += 1;
        }
        most = Math.max(most, now);
      }
      // 40 streams, 100 slices per half interval (one every 10 ms): one at a time, never all 40 at once.
      expect(most).toBe(1);
      for (const [i, socket] of sockets.entries()) {
        expect(socket.sent.every((s) => s === '')).toBe(true);
        const gaps = pingedAt[i]!.slice(1).map((t, k) => t - pingedAt[i]![k]!);
        // Never silent for longer than the interval; after the first, one keep-alive per interval.
        expect(gaps.length).toBeGreaterThanOrEqual(2);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(2000);
        expect(gaps.slice(1).every((gap) => gap === 2000)).toBe(true);
      }
    });

    it('sends none to a stream that is in use', async () => {
      hub = new StreamHub(2000);
      const used = new FakeSocket();
      const idle = new FakeSocket();
      await hub.open('conv-aaaa', used as never, 0, async () => ({ activities: [], watermark: 0 }));
      await hub.open('conv-bbbb', idle as never, 0, async () => ({ activities: [], watermark: 0 }));
      for (let seq = 1; seq <= 8; seq++) {
        hub.publish('conv-aaaa', [activity(seq)]);
        await vi.advanceTimersByTimeAsync(800);
      }
      expect(used.sent.filter((s) => s === '')).toEqual([]);
      expect(used.frames()).toHaveLength(8);
      expect(idle.sent.length).toBeGreaterThanOrEqual(2);
    });
  });
});
