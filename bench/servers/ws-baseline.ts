/**
 * The memory baseline: what one open WebSocket costs a Node process with nothing else in it. A plain
 * node:http server hands upgrades to `ws` (no compression, no client list, as Layani's streams do);
 * a child process opens 200 connections to warm up, then ACTIVE_CONVERSATIONS more and keeps them open.
 * Prints one JSON line: RSS and JS heap (in use and held) per connection, read after three full GCs (run with --expose-gc).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10_000);

if (process.argv[2] === 'client') {
  const [port, count] = [Number(process.argv[3]), Number(process.argv[4])];
  const open: WebSocket[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      open.push(socket);
    }
  };
  await Promise.all(Array.from({ length: 100 }, worker));
  process.send?.(open.length);
  process.on('message', () => process.exit(0));
} else {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: 4 * 1024 });
  const held = new Set<WebSocket>();
  const server = createServer((_request, response) => response.end());
  server.on('upgrade', (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, (ws) => {
      held.add(ws);
      ws.on('error', () => undefined);
      ws.on('close', () => held.delete(ws));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clients: ChildProcess[] = [];
  const connect = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const child = fork(fileURLToPath(import.meta.url), ['client', String(port), String(count)], { execArgv: ['--import', 'tsx'] });
      clients.push(child);
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`client exited with ${code}`)));
    });
  const settled = async () => {
    await sleep(500);
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage();
  };
  await connect(200);
  const before = await settled();
  await connect(CONNECTIONS);
  const after = await settled();
  for (const child of clients) child.kill();
  process.stdout.write(
    `${JSON.stringify({
      connections: held.size - 200,
      rssBytes: (after.rss - before.rss) / CONNECTIONS,
      heapBytes: (after.heapUsed - before.heapUsed) / CONNECTIONS,
      heapTotalBytes: (after.heapTotal - before.heapTotal) / CONNECTIONS,
    })}\n`,
  );
  process.exit(0);
}
