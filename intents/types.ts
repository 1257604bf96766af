import type { Intent } from './labels.js';

export interface ScoredIntent {
  intent: Intent;
  confidence: number;
}

/** What the understanding layer makes of one message. */
export interface Understanding {
  /** The message as normalised (lower case, slang expanded); useful in logs and for officers. */
  normalised: string;
  intent: Intent;
  /** Calibrated probability of `intent`, 0..1. */
  confidence: number;
  /** The best few intents, most likely first (includes `intent`). */
  ranking: ScoredIntent[];
  /** Catalogue id of the service named in the message, or null. */
  service: string | null;
  /** Variant id of that service named in the message (e.g. `perpanjangan`), or null. */
  variant: string | null;
}

export interface Nlu {
  understand(text: string): Understanding;
}
