/**
 * Batch classification: JSON lines {"text": "..."} on stdin → one JSON line per input on stdout, in
 * order: {"text", "intent", "confidence", "service"}. A line that is not such an object still gets its
 * line (out_of_scope, confidence 0, with "error"), a blank line included, except blank lines at the very
 * end of the input (a trailing newline or two is not an input). Nothing else is written to stdout.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { createNlu, type Nlu } from '../index.js';
import { DATA_DIR } from './paths.js';

/** Longer messages are classified on their start only (the echoed text stays whole). */
const MAX_CLASSIFIED_LENGTH = 5000;

function classifyLine(nlu: Nlu, line: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return failed(line, 'not valid JSON');
  }
  const text = (input as { text?: unknown } | null)?.text;
  if (typeof input !== 'object' || input === null || Array.isArray(input) || typeof text !== 'string') {
    return failed(line, 'expected an object with a string "text"');
  }
  const result = nlu.understand(text.slice(0, MAX_CLASSIFIED_LENGTH));
  return { text, intent: result.intent, confidence: round(result.confidence), service: result.service };
}

function failed(line: string, error: string): Record<string, unknown> {
  return { text: line, intent: 'out_of_scope', confidence: 0, service: null, error };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

async function main(): Promise<void> {
  const nlu = createNlu({ catalogue: loadCatalogue(join(DATA_DIR, 'services')), dataDir: DATA_DIR });
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const blanks: string[] = [];
  for await (const line of lines) {
    // Blank lines wait until a later line shows they were not the end of the input.
    if (!line.trim()) {
      blanks.push(line);
      continue;
    }
    for (const blank of blanks.splice(0)) await write(failed(blank, 'empty line'));
    let output: Record<string, unknown>;
    try {
      output = classifyLine(nlu, line);
    } catch (err) {
      output = failed(line, `classification failed: ${(err as Error).message}`);
    }
    await write(output);
  }
}

async function write(output: Record<string, unknown>): Promise<void> {
  if (!process.stdout.write(`${JSON.stringify(output)}\n`)) await once(process.stdout, 'drain');
}

main().catch((err: unknown) => {
  process.stderr.write(`classify: ${(err as Error).message}\n`);
  process.exit(1);
});
