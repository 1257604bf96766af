import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Child, LOOPBACK, freePort, spawnChild, waitForStatus } from './process.js';
import { metricSum, readMetrics } from '../metrics-text.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GC_PROBE = fileURLToPath(new URL('./gc-on-signal.mjs', import.meta.url));

/** The folder this bench run built Layani into (inside the project, so that node_modules resolves). */
export const BUILD_DIR = `dist-bench-${process.pid}`;
let built = false;

/** Builds once per bench run, as `npm start` does. */
function buildOnce(): string {
  if (!built) execFileSync(process.execPath, ['bot/cli/build.mjs', '--outdir', BUILD_DIR], { cwd: PROJECT_ROOT });
  built = true;
  return BUILD_DIR;
}

/** Removes this run's build. */
export function removeBuild(): void {
  rmSync(`${PROJECT_ROOT}/${BUILD_DIR}`, { recursive: true, force: true });
}

export interface LayaniOptions {
  /** Use this Redis (REDIS_URL); the in-memory store when omitted. */
  redisUrl?: string;
  /** Write a V8 CPU profile (node --cpu-prof) into this folder when the server stops. */
  cpuProfileDir?: string;
  /** Scratch folder for files the server may write (officer accounts, WhatsApp session). */
  scratchDir: string;
  /** The Direct Line secret: instances sharing a Redis share it, so each accepts the others' tokens. */
  secret?: string;
}

export interface RunningLayani {
  child: Child;
  baseUrl: string;
  secret: string;
  /** Spawn to the first 200 from /readyz, in milliseconds. */
  readyMs: number;
  /** CPU time (all threads) the server had used by then, in milliseconds: steadier than readyMs on a busy machine. */
  readyCpuMs: number;
}

/**
 * Starts Layani as `npm start` does (the build step, then node on its main.js; each bench run builds into its own folder, so that runs side by side never rebuild each other's server) on a free loopback port, with limits
 * raised for load, logging at warn, and a Direct Line secret; resolves once /readyz answers 200.
 */
export async function startLayani(options: LayaniOptions): Promise<RunningLayani> {
  const port = await freePort();
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...startScriptEnv(),
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: LOOPBACK,
    LOG_LEVEL: 'warn',
    DIRECTLINE_SECRET: secret,
    RATE_LIMIT_PER_ADDRESS: '1000000000',
    RATE_LIMIT_PER_CONVERSATION: '1000000000',
    RATE_LIMIT_PUBLIC_TOKENS: '1000000000',
    WHATSAPP_MODE: 'off',
    REDIS_URL: options.redisUrl ?? '',
    OFFICER_ACCOUNTS_FILE: `${options.scratchDir}/officers.json`,
    WHATSAPP_SESSION_DIR: `${options.scratchDir}/whatsapp-session`,
  };
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const args = [...profile, '--expose-gc', '--enable-source-maps', '--import', GC_PROBE, `${buildOnce()}/main.js`];
  const child = spawnChild(options.redisUrl ? 'layani (redis)' : 'layani (memory)', process.execPath, args, env, PROJECT_ROOT);
  const baseUrl = `http://${LOOPBACK}:${port}`;
  try {
    const readyMs = await waitForStatus(child, `${baseUrl}/readyz`);
    return { child, baseUrl, secret, readyMs, readyCpuMs: cpuMs(child.pid) };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/**
 * What `npm start` sets in the server's environment: MALLOC_ARENA_MAX, read from its script (the value
 * already in the environment, else the script's default), so that the bench runs the server as it does.
 */
export function startScriptEnv(): NodeJS.ProcessEnv {
  const script = (JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const arenas = /MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-(\d+)\}/.exec(script)?.[1];
  return arenas === undefined ? {} : { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? arenas };
}

export interface ServerMemory {
  rssBytes: number;
  heapUsedBytes: number | undefined;
  /** The JS heap V8 holds (committed), live objects and the free space between them. */
  heapTotalBytes: number | undefined;
}

/** Runs a full GC in the server (see gc-on-signal.ts), then reads its memory from /metrics (or /proc). */
export async function serverMemory(layani: RunningLayani): Promise<ServerMemory> {
  layani.child.process.kill('SIGUSR2');
  await sleep(1000);
  // Without /metrics, RSS comes from /proc.
  const text = (await readMetrics(layani.baseUrl)) ?? '';
  const rss = metricSum(text, 'process_resident_memory_bytes') ?? procRss(layani.child.pid);
  return {
    rssBytes: rss,
    heapUsedBytes: metricSum(text, 'nodejs_heap_size_used_bytes'),
    heapTotalBytes: metricSum(text, 'nodejs_heap_size_total_bytes'),
  };
}

/** Citizen messages the server has received so far (layani_messages_total, direction "in"). */
export async function messagesReceived(layani: RunningLayani): Promise<number> {
  const text = await readMetrics(layani.baseUrl);
  if (text === undefined) throw new Error(`no /metrics from ${layani.baseUrl}`);
  return metricSum(text, 'messages_total', 'direction="in"') ?? 0;
}

/** CPU time (user + system, all threads) a process has used, in milliseconds (Linux; NaN elsewhere). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function procRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}
