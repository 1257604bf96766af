import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { Machine } from './machine.js';

export type Status = 'met' | 'missed' | 'n/a';

/** One line of the results table. */
export interface Row {
  measure: string;
  result: string;
  /** Ratio to the baseline's requests per second (end-to-end rows). */
  vsBaseline?: string;
  goal?: string;
  status?: Status;
}

export interface Report {
  machine: Machine;
  loadAfter: number[];
  command: string;
  startedAt: Date;
  durationS: number;
  rows: Row[];
  notes: string[];
  /** Other work competed for the CPUs (load average before the run, or the server waiting for a CPU). */
  busy: boolean;
}

/** A goal check: `met`/`missed` when the figure exists, `n/a` when it could not be measured. */
export function check(value: number | undefined, goal: { atLeast?: number; atMost?: number }): Status {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  if (goal.atLeast !== undefined && value < goal.atLeast) return 'missed';
  if (goal.atMost !== undefined && value > goal.atMost) return 'missed';
  return 'met';
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)),
  ratio: (n: number) => `${(n * 100).toFixed(1)} %`,
};

function markdownTable(rows: Row[]): string {
  const header = '| measure | result | vs baseline | goal | status |\n| --- | --- | --- | --- | --- |';
  const lines = rows.map((r) => `| ${r.measure} | ${r.result} | ${r.vsBaseline ?? ''} | ${r.goal ?? ''} | ${badge(r.status)} |`);
  return [header, ...lines].join('\n');
}

function badge(status: Status | undefined): string {
  if (status === 'met') return 'met';
  if (status === 'missed') return '**missed**';
  if (status === 'n/a') return 'not available';
  return '';
}

export function renderMarkdown(report: Report): string {
  const { machine } = report;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  return [
    `## ${report.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC — revision ${machine.revision}`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB memory, Node ${machine.node}. ` +
      `Load average (1, 5, 15 min) before: ${load(machine.loadAverage)}; after: ${load(report.loadAfter)}.` +
      (report.busy
        ? ' **The machine was shared with other work during this run (see the CPU waits below): throughput and latency figures are lower than on an idle machine.**'
        : ''),
    '',
    `Command: \`${report.command}\` (${report.durationS.toFixed(0)} s).`,
    '',
    markdownTable(report.rows),
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** Prints the table for a terminal (plain columns). */
export function renderText(report: Report): string {
  const cells = report.rows.map((r) => [r.measure, r.result, r.vsBaseline ?? '', r.goal ?? '', r.status === 'n/a' ? 'not available' : (r.status ?? '')]);
  const all = [['measure', 'result', 'vs baseline', 'goal', 'status'], ...cells];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

const PREAMBLE = `# Benchmarks

\`npm run bench\` (bench/run.ts) appends one section per run: the date, the machine, the git revision and
a table with each figure next to its goal from the performance issue. See bench/README.md for what each
figure measures and how.

`;

export function appendToBenchmarks(path: string, markdown: string): void {
  if (!existsSync(path)) writeFileSync(path, PREAMBLE);
  appendFileSync(path, `\n${markdown}`);
}
