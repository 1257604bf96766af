// Loads botbuilder in tests as the bundle does (bot/cli/build.mjs): the libraries named in
// bot/stand-ins/stand-ins.json resolve to Layani's stand-ins. botbuilder is CommonJS, loaded by Node's own
// require() in the test process, so the substitution happens where require() resolves a name.
import Module from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import STAND_INS from '../../bot/stand-ins/stand-ins.json' with { type: 'json' };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const paths = new Map(Object.entries(STAND_INS).map(([name, file]) => [name, resolve(ROOT, file)]));

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, paths.get(request) ?? request, ...rest);
};
