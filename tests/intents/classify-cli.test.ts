import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function classify(input: string): { lines: Array<Record<string, unknown>>; stdout: string; status: number | null } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'intents/cli/classify.ts'], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stdout: run.stdout, status: run.status };
}

// Each test starts the CLI, which trains the model first: allow for a slow, busy machine.
const TIMEOUT = 60_000;

describe('classify CLI', () => {
  it('writes one line per input, in order, and nothing else', () => {
    const texts = ['syarat paspor apa aja', 'halo kak', 'asdfgh qwerty', 'biaya skck brp', 'terima kasih'];
    const { lines, stdout, status } = classify(texts.map((text) => JSON.stringify({ text })).join('\n') + '\n');
    expect(status).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(texts.length);
    expect(lines.map((l) => l.text)).toEqual(texts);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['confidence', 'intent', 'service', 'text']);
      expect(typeof line.intent).toBe('string');
      expect(line.confidence).toBeGreaterThanOrEqual(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
    }
    expect(lines[0]).toMatchObject({ intent: 'ask_requirements', service: 'paspor' });
    expect(lines[3]).toMatchObject({ intent: 'ask_fee', service: 'skck' });
  }, TIMEOUT);

  it('answers malformed lines too, without crashing or reordering', () => {
    const input = [
      '{"text": "jam buka kantor imigrasi"}',
      'this is not json',
      '{"text": 42}',
      '[1, 2]',
      'null',
      '',
      '{"txt": "typo in the key"}',
      '{"text": "makasih banyak ya min"}',
      '',
      '',
    ].join('\r\n');
    const { lines, status } = classify(input);
    expect(status).toBe(0);
    // The blank line in the middle is an input; the blank lines at the end are not.
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatchObject({ text: 'jam buka kantor imigrasi', intent: 'ask_hours' });
    for (const bad of lines.slice(1, 7)) {
      expect(bad).toMatchObject({ intent: 'out_of_scope', confidence: 0, service: null });
      expect(typeof bad.error).toBe('string');
    }
    expect(lines[1]!.text).toBe('this is not json');
    expect(lines[5]!.text).toBe('');
    expect(lines[7]).toMatchObject({ text: 'makasih banyak ya min', intent: 'thanks' });
  }, TIMEOUT);

  it('streams a large input', () => {
    const n = 3000;
    const input = Array.from({ length: n }, (_, i) => JSON.stringify({ text: `berapa lama bikin ktp ${i}` })).join('\n');
    const { lines, status } = classify(input);
    expect(status).toBe(0);
    expect(lines).toHaveLength(n);
    expect(lines[n - 1]!.text).toBe(`berapa lama bikin ktp ${n - 1}`);
  }, TIMEOUT);
});
