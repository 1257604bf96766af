/**
 * Summarises a V8 CPU profile (node --cpu-prof, or `npm run bench -- --profile DIR`): where the time went,
 * by function (self time) and by package or project folder. Usage: tsx bench/profile-summary.ts FILE [TOP]
 * Frames in the bundle (`npm start` runs dist/, built by esbuild) are traced back to their source file and
 * line through the bundle's source maps, so that packages and project files show under their own names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [TOP]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const path = url.startsWith('file://') ? `${fileURLToPath(url)}.map` : '';
    maps.set(url, path && existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(url)!;
}
for (const { callFrame } of profile.nodes) {
  const map = sourceMapOf(callFrame.url);
  if (!map || callFrame.lineNumber < 0) continue;
  const entry = map.findEntry(callFrame.lineNumber, callFrame.columnNumber) as { originalSource?: string; originalLine?: number };
  if (!entry.originalSource) continue;
  callFrame.url = entry.originalSource;
  callFrame.lineNumber = entry.originalLine ?? callFrame.lineNumber;
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** node_modules/<package>, a project folder (bot/…, channels/webchat/…), or node internals. */
function place(url: string): string {
  if (!url) return '(native / V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return url;
  const project = /\/(bot|channels|dialogs|intents|bench)\/(.*)$/.exec(url);
  if (project) return `${project[1]}/${project[2]}`;
  return url;
}

const functions = new Map<string, number>();
const places = new Map<string, number>();
const inclusive = new Map<string, number>();
const packagesInclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${place(url)}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
  const where = place(url).replace(/^(bot|channels|dialogs|intents)\/([^/]+\/)?.*$/, (_m, a: string, b?: string) => `${a}/${b ?? ''}`);
  places.set(where, (places.get(where) ?? 0) + us);
  // Inclusive time per package: every package on the stack, counted once per sample.
  const packages = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(byId.get(at)!.callFrame.url);
    if (modules) packages.add(modules[1]!);
  }
  for (const name of packages) packagesInclusive.set(name, (packagesInclusive.get(name) ?? 0) + us);
  // Inclusive time per project function: every project frame on the stack, counted once per sample.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (!/\/(bot|channels|dialogs|intents)\//.test(frame.url)) continue;
    const name = `${frame.functionName || '(anonymous)'} ${place(frame.url)}:${frame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}

const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('Self time by package or folder', places);
print('Self time by function', functions);
print('Inclusive time of packages (a package and what it calls)', packagesInclusive);
print('Inclusive time of project functions', inclusive);
