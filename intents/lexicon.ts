import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const LexiconFile = z.object({
  about: z.string().optional(),
  entries: z.record(z.string().min(1), z.string()),
});

/** Informal word or phrase → standard words (empty: the word carries nothing and is dropped). */
export type Lexicon = ReadonlyMap<string, readonly string[]>;

export function loadLexicon(dataDir: string): Lexicon {
  const path = join(dataDir, 'lexicon', 'slang.json');
  const parsed = LexiconFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: invalid lexicon (${parsed.error.issues[0]?.message ?? 'unknown'})`);
  return lexiconFrom(parsed.data.entries);
}

export function lexiconFrom(entries: Record<string, string>): Lexicon {
  const lexicon = new Map<string, readonly string[]>();
  for (const [from, to] of Object.entries(entries)) {
    lexicon.set(from.toLowerCase().trim(), to.toLowerCase().split(/\s+/).filter(Boolean));
  }
  return lexicon;
}

const LookalikesFile = z.object({
  about: z.string().optional(),
  notServices: z.array(z.string().min(2)),
  addressTerms: z.array(z.string().min(1)),
  addressAfter: z.array(z.string().min(1)),
  addressBefore: z.array(z.string().min(1)),
});

/** Words that look like a service alias but are not one (data/lexicon/lookalikes.json). */
export type Lookalikes = Omit<z.infer<typeof LookalikesFile>, 'about'>;

export const NO_LOOKALIKES: Lookalikes = { notServices: [], addressTerms: [], addressAfter: [], addressBefore: [] };

export function loadLookalikes(dataDir: string): Lookalikes {
  const path = join(dataDir, 'lexicon', 'lookalikes.json');
  const parsed = LookalikesFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: invalid lookalikes (${parsed.error.issues[0]?.message ?? 'unknown'})`);
  return parsed.data;
}
