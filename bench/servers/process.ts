import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOOPBACK = '127.0.0.1';

/** A free TCP port on loopback (the OS picks it; the tiny race before the child binds it is acceptable here). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A child process under test, with the tail of its output kept for error messages. */
export class Child {
  private tail = '';
  readonly startedAt = performance.now();

  constructor(readonly name: string, readonly process: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-4000);
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
  }

  get output(): string {
    return this.tail;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const gone = once(this.process, 'exit');
    this.process.kill('SIGTERM');
    const killed = sleep(graceMs).then(() => {
      if (!this.exited) this.process.kill('SIGKILL');
    });
    await Promise.race([gone, killed]);
    if (!this.exited) await gone;
  }
}

export function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Child {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Child(name, child);
}

/**
 * Polls `url` until it answers `status`; returns the milliseconds since the child was spawned.
 * Throws with the child's last output when it exits or `timeoutMs` passes.
 */
export async function waitForStatus(child: Child, url: string, status = 200, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exited) throw new Error(`${child.name} exited before it was ready:\n${child.output}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === status) return performance.now() - child.startedAt;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`${child.name} was not ready at ${url} within ${timeoutMs} ms:\n${child.output}`);
}
