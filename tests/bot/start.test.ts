import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import STAND_INS from '../../bot/stand-ins/stand-ins.json' with { type: 'json' };

// Exactly what `npm start` runs: the build step, then the built server.
const START = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
const [BUILD, SERVER] = START.split(' && ') as [string, string];

beforeAll(() => {
  execFileSync('sh', ['-c', BUILD]);
});

/**
 * The server part of the script, through sh as npm runs it; `exec` after the script's variable
 * assignments, so that the child is the server itself.
 */
function startServer(env: NodeJS.ProcessEnv) {
  const command = SERVER.replace(/^((?:\w+=\S+ )*)/, '$1exec ');
  return spawn('sh', ['-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The environment a running process started with (Linux). */
function environmentOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** Asks one question over Direct Line (polling) and returns the bot's first reply. */
async function ask(base: string, secret: string, text: string): Promise<string> {
  const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' });
  const { conversationId } = (await started.json()) as { conversationId: string };
  const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
  const body = JSON.stringify({ type: 'message', text, from: { id: 'warga' } });
  const posted = await fetch(url, { method: 'POST', headers: auth, body });
  const { id } = (await posted.json()) as { id: string };
  for (let attempt = 0; attempt < 100; attempt++) {
    const { activities } = (await (await fetch(url, { headers: auth })).json()) as { activities: { replyToId?: string; text?: string }[] };
    const reply = activities.find((a) => a.replyToId === id && a.text);
    if (reply) return reply.text!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no reply');
}

describe('npm start', () => {
  it('starts quietly on the embedded default, serves, and stops cleanly on SIGTERM', async () => {
    const secret = 'start-test-secret-0123456789';
    const child = startServer({ ...process.env, PORT: '0', REDIS_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', DIRECTLINE_SECRET: secret });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const ready = new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /Layani siap di http:\/\/localhost:(\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const port = await ready;
    // One malloc arena: less native memory left behind per conversation (BENCHMARKS.md, fourteenth round).
    expect(environmentOf(child.pid!).MALLOC_ARENA_MAX).toBe('1');
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    // The built server finds its web assets and answers a question.
    expect((await fetch(`http://127.0.0.1:${port}/widget.js`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/console`)).status).toBe(200);
    const answer = await ask(`http://127.0.0.1:${port}`, secret, 'syarat bikin ktp apa aja');
    expect(answer).toMatch(/KTP/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const line of stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('bundles the stand-ins in place of the libraries they replace', () => {
    const sources = readdirSync('dist')
      .filter((file) => file.endsWith('.js.map'))
      .flatMap((file) => (JSON.parse(readFileSync(`dist/${file}`, 'utf8')) as { sources: string[] }).sources);
    for (const file of Object.values(STAND_INS)) expect(sources.some((source) => source.endsWith(file))).toBe(true);
    // What the bundle holds of each replaced library: nothing, but for the two helpers botbuilder-stdlib's
    // stand-in forwards from their own files.
    // (botbuilder's source maps lead to its TypeScript sources, so compare the files' names without extension.)
    const bundled = (name: string) =>
      sources.filter((source) => source.includes(`node_modules/${name}/`)).map((source) => source.replace(/^.*\/|\.\w+$/g, ''));
    expect(Object.fromEntries(Object.keys(STAND_INS).map((name) => [name, bundled(name).sort()]))).toEqual({
      'botframework-connector': [],
      '@microsoft/recognizers-text-number': [],
      'botbuilder-stdlib': ['delay', 'stringify'],
    });
  });

  it('refuses to start on a broken configuration, naming the variable', async () => {
    const child = startServer({ ...process.env, PORT: 'not-a-port' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
  });
});
