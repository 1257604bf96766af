// `npm start` runs this first: esbuild turns the server's TypeScript into JavaScript under dist/, file
// for file (about a quarter of a second), and copies the web assets beside them, so the process starts
// on plain JavaScript instead of resolving and transforming every module through a loader at each start.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const SOURCES = ['bot', 'dialogs', 'intents', 'channels'];
const files = SOURCES.flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)));

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: files.filter((f) => f.endsWith('.ts')),
  outdir: 'dist',
  outbase: '.',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The widget's and the console's files are read from beside their modules.
for (const file of files.filter((f) => /\.(js|css|html)$/.test(f) && f.startsWith('channels'))) {
  cpSync(file, join('dist', file));
}
