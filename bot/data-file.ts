import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads one data file (catalogue, holidays, reply texts) and validates it; a broken file stops the
 * start with a message naming the file and every field at fault, as `ErrorType`.
 */
export function readDataFile<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
  ErrorType: new (message: string) => Error,
): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ErrorType(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - field "${i.path.join('.') || '(root)'}": ${i.message}`);
    throw new ErrorType(`${path}: invalid ${what}\n${problems.join('\n')}`);
  }
  return result.data;
}
