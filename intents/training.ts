import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isIntent, type Intent } from './labels.js';

export interface Example {
  text: string;
  intent: Intent;
}

/** Reads data/intents/train/<intent>.txt: one phrase a line, `#` starts a comment line. */
export function loadTrainingSet(trainDir: string): Example[] {
  if (!existsSync(trainDir)) throw new Error(`No training phrases: ${trainDir} does not exist`);
  const examples: Example[] = [];
  for (const file of readdirSync(trainDir).filter((f) => f.endsWith('.txt')).sort()) {
    const label = file.slice(0, -'.txt'.length);
    if (!isIntent(label)) throw new Error(`${join(trainDir, file)}: "${label}" is not an intent label`);
    for (const line of readFileSync(join(trainDir, file), 'utf8').split(/\r?\n/)) {
      const text = line.trim();
      if (text && !text.startsWith('#')) examples.push({ text, intent: label });
    }
  }
  if (examples.length === 0) throw new Error(`No training phrases in ${trainDir}`);
  return examples;
}

export interface DevExample extends Example {
  service: string | null;
}

/** Reads a held-out set: JSON lines {"text", "intent", "service"}. */
export function loadDevSet(path: string): DevExample[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = JSON.parse(line) as { text?: unknown; intent?: unknown; service?: unknown };
      if (typeof row.text !== 'string' || typeof row.intent !== 'string' || !isIntent(row.intent)) {
        throw new Error(`${path}:${i + 1}: expected {"text", "intent", "service"} with a known intent`);
      }
      return { text: row.text, intent: row.intent, service: typeof row.service === 'string' ? row.service : null };
    });
}
