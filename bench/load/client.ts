import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from './loadgen.js';

const LOADGEN = fileURLToPath(new URL('./loadgen.ts', import.meta.url));

/** The bench's handle on the load generator process (see loadgen.ts), one command at a time. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = fork(LOADGEN, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`load generator: ${message.error}`));
      else call.resolve(message.result);
    });
    this.child.on('exit', (code) => {
      for (const call of this.pending.values()) call.reject(new Error(`load generator exited (${code})`));
      this.pending.clear();
    });
  }

  call<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
