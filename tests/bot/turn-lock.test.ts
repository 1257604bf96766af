import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.js';
import type { HandoffStore } from '../../bot/handoff/types.js';
import type { RedisLock } from '../../bot/store/lock.js';
import { openStores } from '../../bot/stores.js';
import { createTestBot, message } from '../support/bot.js';

/**
 * A turn's lock is released right behind its last writes (in the same round trip with Redis), never
 * after they are acknowledged: an instance that dies in between would leave the lock held until it expires.
 */
describe('the turn lock of a message the bot does not answer', () => {
  it('is released while the writes for a conversation an officer holds are still under way', async () => {
    const config = loadConfig({ DATA_DIR: 'data', NODE_ENV: 'test' });
    const logger = pino({ level: 'silent' });
    const stores = await openStores(config, logger);
    const events: string[] = [];
    const held: (() => void)[] = [];
    let holding = false;
    const real = stores.handoff;
    const hold = <T>(name: string, write: Promise<T>): Promise<T> => {
      if (!holding) return write;
      events.push(`${name} sent`);
      return write.then((value) => new Promise<T>((resolve) => held.push(() => resolve(value))));
    };
    const handoff = new Proxy(real, {
      get(target, property) {
        if (property === 'saveConversation') return (...args: Parameters<HandoffStore['saveConversation']>) => hold('record', real.saveConversation(...args));
        if (property === 'appendTranscript') return (...args: Parameters<HandoffStore['appendTranscript']>) => hold('transcript', real.appendTranscript(...args));
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const lock = {
      async withLock<T>(_name: string, task: (release: () => void) => Promise<T>, reads?: { start(): void }): Promise<T> {
        reads?.start();
        let released = false;
        const release = () => {
          if (!released) events.push('lock released');
          released = true;
        };
        try {
          return await task(release);
        } finally {
          release();
        }
      },
    } as unknown as RedisLock;
    const { bot, sent } = await createTestBot({}, { stores: { ...stores, handoff, lock } });

    const id = `c-${randomUUID()}`;
    await real.saveConversation({
      key: `test/${id}`,
      channelId: 'test',
      reference: { channelId: 'test', serviceUrl: 'test://local', conversation: { id } as never },
      owner: 'officer',
      officer: 'budi',
      claimedAt: Date.now(),
      lastCitizenAt: Date.now(),
    });
    holding = true;
    let ended = false;
    const turn = bot.run(message(id, 'pak, berkas saya sudah lengkap')).then(() => (ended = true));
    await expect.poll(() => events).toContain('lock released');
    expect(events.slice().sort()).toEqual(['lock released', 'record sent', 'transcript sent']);
    expect(events.at(-1)).toBe('lock released');
    expect(held).toHaveLength(2);
    expect(ended).toBe(false); // the turn still waits for its writes
    for (const resume of held) resume();
    await turn;
    expect(sent).toEqual([]); // the officer answers, not the bot
    const transcript = await real.readTranscript(`test/${id}`);
    expect(transcript.map((e) => [e.author, e.text])).toEqual([['citizen', 'pak, berkas saya sudah lengkap']]);
    await stores.close();
  });
});
