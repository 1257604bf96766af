import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  /** Starts again on the same port and data folder (for persistence tests). */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A redis-server of our own on a free port, never the machine's shared one. */
export async function startRedis(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'layani-redis-'));
  let child: ChildProcess | undefined;
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', options.appendOnly ? 'yes' : 'no', '--appendfsync', 'always',
    '--logfile', join(dir, 'redis.log'),
  ];
  const launch = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPing(`redis://127.0.0.1:${port}`);
  };
  await launch();
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  return { url: `redis://127.0.0.1:${port}`, port, dir, stop, restart: async () => { await stop(); await launch(); } };
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      await client.close();
      return;
    } catch {
      await client.destroy?.();
      await sleep(50);
    }
  }
  throw new Error(`redis-server on ${url} did not start`);
}
