// `npm start` runs this first: esbuild bundles the server (our TypeScript and the libraries it loads at
// start) into a few files under dist/, and copies the web assets beside them. One bundle starts faster than
// hundreds of modules resolved and read one by one (see BENCHMARKS.md, start-up). Modules loaded only in
// some modes (Redis, WhatsApp) stay separate chunks, loaded when that mode is on.
//
//   node bot/cli/build.mjs [--outdir DIR]     (DIR must sit inside the project, next to node_modules)
import { cpSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = values.outdir;
const SOURCES = ['bot', 'dialogs', 'intents', 'channels'];
const files = SOURCES.flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)));

// Libraries left out of the bundle and loaded from node_modules: the WhatsApp web client and its
// browser (large, with files it finds on disk), and pino (its transports run files in worker threads).
const EXTERNAL = ['whatsapp-web.js', 'puppeteer', 'puppeteer-core', 'qrcode', 'qrcode-terminal', 'pino', 'natural'];

// Modules that find their assets with `new URL('./', import.meta.url)`: in the bundle every module's URL
// is the chunk's, in the root of outdir, so point them at the folder the assets are copied to.
const ASSET_DIR = "new URL('./', import.meta.url)";
const assetPaths = {
  name: 'asset-paths',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(ASSET_DIR)) return undefined;
      const dir = relative(process.cwd(), dirname(args.path)).split('\\').join('/');
      return { contents: source.replaceAll(ASSET_DIR, `new URL('./${dir}/', import.meta.url)`), loader: 'ts' };
    });
  },
};

// Libraries that botbuilder loads at start and Layani never calls, replaced by the small modules in
// bot/stand-ins. Tests load the same stand-ins (tests/support/stand-ins.ts).
const STAND_INS = JSON.parse(readFileSync('bot/stand-ins/stand-ins.json', 'utf8'));
const standIns = {
  name: 'stand-ins',
  setup(b) {
    const names = Object.keys(STAND_INS).map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: resolvePath(STAND_INS[args.path]) }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'bot/main.ts', 'train-worker': 'intents/train-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // CommonJS libraries inside an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __layaniRequire } from 'node:module'; const require = __layaniRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  plugins: [assetPaths, standIns],
  logLevel: 'warning',
});
// The widget's and the console's files, at the paths the bundle now reads them from.
for (const file of files.filter((f) => /\.(js|css|html)$/.test(f) && f.startsWith('channels'))) {
  cpSync(file, join(outdir, file));
}

// The intent model, trained now so that a start loads it instead of training (intents/saved-model.ts). A
// start whose data differs from what was trained here trains as before.
await new Promise((done, reject) => {
  const worker = new Worker(resolvePath(outdir, 'train-worker.js'), {
    workerData: { dataDir: process.env.DATA_DIR || 'data', saveTo: join(outdir, 'model.bin') },
  });
  worker.once('message', () => void worker.terminate().then(done));
  worker.once('error', reject);
});
