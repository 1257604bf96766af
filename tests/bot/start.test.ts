import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

// Exactly what `npm start` runs: the build step, then the built server.
const START = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
const [BUILD, SERVER] = START.split(' && ') as [string, string];

beforeAll(() => {
  execFileSync('sh', ['-c', BUILD]);
});

function startServer(env: NodeJS.ProcessEnv) {
  const [command, ...args] = SERVER.split(' ');
  return spawn(command === 'node' ? process.execPath : command!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('npm start', () => {
  it('starts quietly on the embedded default, serves, and stops cleanly on SIGTERM', async () => {
    const child = startServer({ ...process.env, PORT: '0', REDIS_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info' });
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
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    // The built server finds its web assets and answers a question.
    expect((await fetch(`http://127.0.0.1:${port}/widget.js`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/console`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const line of stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
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
