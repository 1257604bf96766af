import type { Keys } from '../../../bot/store/keys.js';
import type { Redis } from '../../../bot/store/redis.js';
import type { Choice } from '../convert/choices.js';
import { CHOICES_TTL_MS, type ChoiceMemory } from './choices.js';

/** The choices offered to each conversation, in Redis, so the citizen's "2" works on any instance. */
export class RedisChoiceMemory implements ChoiceMemory {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    retentionDays: number,
  ) {
    this.ttlMs = Math.min(CHOICES_TTL_MS, Math.round(retentionDays * 86_400_000));
  }

  async remember(conversationId: string, choices: Choice[]): Promise<void> {
    const key = this.keys.key('wa', 'choices', conversationId);
    if (choices.length === 0) await this.redis.del(key);
    else await this.redis.set(key, JSON.stringify(choices), { PX: this.ttlMs });
  }

  async offered(conversationId: string): Promise<Choice[]> {
    const raw = await this.redis.get(this.keys.key('wa', 'choices', conversationId));
    return raw ? (JSON.parse(raw) as Choice[]) : [];
  }
}
