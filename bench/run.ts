/**
 * `npm run bench`: starts the servers under test as child processes, drives them from a separate load
 * generator process over loopback, prints a table of results next to the performance goals and appends
 * it to BENCHMARKS.md. Bounded in time (about three minutes). See bench/README.md.
 *
 * Options: --profile DIR (write V8 CPU profiles of the Layani servers into DIR), --no-append (print only),
 * --only PHASE[,PHASE] (baseline, memory, rss, startup, classifier, redis; implies --no-append).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { E2eResult, HoldResult, HttpResult } from './load/loadgen.js';
import { LoadGenerator } from './load/client.js';
import { describeMachine } from './machine.js';
import { appendToBenchmarks, renderMarkdown, renderText } from './report.js';
import { ACTIVE_CONVERSATIONS, BASELINE, E2E, GOALS, IDLE_CONVERSATIONS, cpuWaits, summarise, type E2eRuns, type PhaseName, type Results } from './results.js';
import { PROJECT_ROOT, messagesReceived, removeBuild, serverMemory, startLayani, type RunningLayani } from './servers/layani.js';
import { freePort, spawnChild, waitForStatus, type Child } from './servers/process.js';
import { commandCounts, redisFootprint, startRedis, type RunningRedis } from './servers/redis.js';

const WATCHDOG_MS = 6 * 60_000;

const { values: options } = parseArgs({
  options: { profile: { type: 'string' }, 'no-append': { type: 'boolean' }, only: { type: 'string' } },
});
const PHASES: readonly PhaseName[] = ['baseline', 'memory', 'rss', 'startup', 'classifier', 'redis'];
const only = options.only?.split(',').map((p) => p.trim());
for (const name of only ?? []) if (!PHASES.includes(name as PhaseName)) throw new Error(`--only: unknown phase "${name}" (${PHASES.join(', ')})`);
const append = !options['no-append'] && !only;
const cpuProfileDir = options.profile ? resolve(options.profile) : undefined;

const results: Results = { floor: {}, memory: {}, redis: {}, startupsMs: [], startupsCpuMs: [] };
const notes: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'layani-bench-'));
const running = new Set<{ stop(): Promise<void> }>();
const loadgen = new LoadGenerator();
const machine = describeMachine();
const startedAt = new Date();
const clock = performance.now();

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${WATCHDOG_MS / 60_000} minutes, stopping\n`);
  void cleanUp().finally(() => process.exit(2));
}, WATCHDOG_MS);

function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - clock) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

/** Runs one phase (unless --only leaves it out); a failure is noted and the run goes on with the next phase. */
async function phase(id: PhaseName, name: string, body: () => Promise<void>): Promise<void> {
  if (only && !only.includes(id)) return;
  log(name);
  try {
    await body();
  } catch (err) {
    const message = (err as Error).message.split('\n').slice(0, 6).join(' ');
    notes.push(`Phase "${name}" failed: ${message}`);
    log(`${name} failed: ${(err as Error).stack ?? String(err)}`);
  }
}

function recordStartup(layani: RunningLayani): void {
  results.startupsMs.push(layani.readyMs);
  results.startupsCpuMs.push(layani.readyCpuMs);
}

async function withLayani<T>(options: { redisUrl?: string; secret?: string }, body: (layani: RunningLayani) => Promise<T>): Promise<T> {
  const layani = await startLayani({ ...options, scratchDir: scratch, ...(cpuProfileDir ? { cpuProfileDir } : {}) });
  const handle = { stop: () => layani.child.stop() };
  running.add(handle);
  try {
    return await body(layani);
  } finally {
    await layani.child.stop();
    running.delete(handle);
  }
}

function e2eBase(instances: RunningLayani[], redisPid?: number) {
  return {
    kind: 'e2e',
    baseUrls: instances.map((i) => i.baseUrl),
    secret: instances[0]!.secret,
    serverPids: instances.map((i) => i.child.pid),
    ...(redisPid ? { redisPid } : {}),
    ...E2E,
  } as const;
}

async function e2eRuns(layani: RunningLayani, target: E2eRuns, pacedRate: number, label: string, redisPid?: number): Promise<void> {
  const base = e2eBase([layani], redisPid);
  log(`${label}: 50 conversations, closed loop`);
  target.closed50 = await loadgen.call<E2eResult>({ ...base, conversations: 50 });
  log(`${label}: 500 conversations, closed loop`);
  target.closed500 = await loadgen.call<E2eResult>({ ...base, conversations: 500 });
  log(`${label}: 500 conversations, paced at ${pacedRate} messages/s`);
  target.paced500 = await loadgen.call<E2eResult>({ ...base, conversations: 500, ratePerSec: pacedRate });
  const half = Math.round(Math.max(target.closed50.messagesPerSec, target.closed500.messagesPerSec) / 2);
  if (half >= 10 && half < pacedRate) {
    log(`${label}: 500 conversations, paced at ${half} messages/s (half the maximum)`);
    target.half500 = await loadgen.call<E2eResult>({ ...base, conversations: 500, ratePerSec: half });
  }
}

/** Bytes of /widget.js as sent to a client that accepts gzip. */
function widgetGzipBytes(baseUrl: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    get(`${baseUrl}/widget.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      if (res.headers['content-encoding'] !== 'gzip') reject(new Error(`/widget.js came back without gzip (${res.statusCode})`));
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolvePromise(bytes));
    }).on('error', reject);
  });
}

async function cleanUp(): Promise<void> {
  clearTimeout(watchdog);
  await Promise.allSettled([...running].map((r) => r.stop()));
  loadgen.stop();
  rmSync(scratch, { recursive: true, force: true });
  // A profile's frames point into the build; profile-summary.ts reads its source maps, so keep it then.
  if (!cpuProfileDir) removeBuild();
}

// --- the phases -------------------------------------------------------------------------------------

/**
 * Runs one of the bench's own servers (servers/FILE, with PORT set to a free port) as its own process
 * while `body` runs; ready once `readyPath` answers `readyStatus`.
 */
async function withServer<T>(
  file: string,
  env: NodeJS.ProcessEnv,
  ready: { path: string; status: number },
  body: (baseUrl: string, child: Child) => Promise<T>,
): Promise<T> {
  const port = await freePort();
  const script = fileURLToPath(new URL(`./servers/${file}`, import.meta.url));
  const child = spawnChild(file, process.execPath, ['--import', 'tsx', script], { ...process.env, ...env, PORT: String(port) }, PROJECT_ROOT);
  const handle = { stop: () => child.stop() };
  running.add(handle);
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForStatus(child, `${baseUrl}${ready.path}`, ready.status);
    return await body(baseUrl, child);
  } finally {
    await child.stop();
    running.delete(handle);
  }
}

await phase('baseline', 'baselines: bare fastify route, Direct Line floor', async () => {
  results.baseline = await withServer('baseline.ts', {}, { path: '/', status: 200 }, (baseUrl) =>
    loadgen.call<HttpResult>({ kind: 'http', url: `${baseUrl}/`, ...BASELINE }),
  );
  // The end-to-end baseline: the Direct Line transport with no bot, driven as Layani is.
  const secret = randomBytes(24).toString('base64url');
  const ready = { path: '/v3/directline/conversations', status: 404 };
  await withServer('directline-floor.ts', { DIRECTLINE_SECRET: secret }, ready, async (baseUrl, child) => {
    const base = { kind: 'e2e' as const, baseUrls: [baseUrl], secret, serverPids: [child.pid], ...E2E };
    log('floor: 500 conversations, closed loop');
    results.floor.closed500 = await loadgen.call<E2eResult>({ ...base, conversations: 500 });
    log(`floor: 500 conversations, paced at ${GOALS.e2eMemoryPerSec} messages/s`);
    results.floor.paced500 = await loadgen.call<E2eResult>({ ...base, conversations: 500, ratePerSec: GOALS.e2eMemoryPerSec });
  });
});

await phase('memory', 'end to end, in-memory store', () =>
  withLayani({}, async (layani) => {
    recordStartup(layani);
    results.widgetGzipBytes = await widgetGzipBytes(layani.baseUrl);
    await e2eRuns(layani, results.memory, GOALS.e2eMemoryPerSec, 'memory');
  }),
);

await phase('rss', `memory: ${ACTIVE_CONVERSATIONS.toLocaleString('en-US')} active conversations`, async () => {
  // The memory baseline: one open WebSocket in a bare ws server, measured the same way.
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./servers/ws-baseline.ts', import.meta.url))], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CONNECTIONS: String(ACTIVE_CONVERSATIONS) },
  });
  results.wsBaseline = JSON.parse(output.trim().split('\n').at(-1)!) as Results['wsBaseline'];
  await withLayani({}, async (layani) => {
    recordStartup(layani);
    results.rss = await activeMemory(layani, 'Memory phase');
  });
});

/**
 * Process memory per active conversation: 200 conversations to warm up, then ACTIVE_CONVERSATIONS more,
 * each with its stream open and one answered message; read after full GCs before and after, and once
 * more after the streams closed (what stays is the conversations' state).
 */
async function activeMemory(layani: RunningLayani, label: string): Promise<NonNullable<Results['rss']>> {
  const hold = { kind: 'hold', baseUrl: layani.baseUrl, secret: layani.secret, concurrency: 100, timeLimitMs: 60_000 } as const;
  // A first few hundred conversations load and compile everything a conversation needs.
  await loadgen.call<HoldResult>({ ...hold, count: 200 });
  const before = await serverMemory(layani);
  const held = await loadgen.call<HoldResult>({ ...hold, count: ACTIVE_CONVERSATIONS });
  const after = await serverMemory(layani);
  await loadgen.call({ kind: 'release' });
  await sleep(1000);
  const idle = await serverMemory(layani);
  const opened = held.opened - 200;
  if (held.failures > 0) notes.push(`${label}: ${held.failures} conversations failed (${held.firstFailure}).`);
  if (opened < ACTIVE_CONVERSATIONS) notes.push(`${label}: only ${opened} conversations opened within the time limit; the figure is scaled.`);
  return {
    opened,
    openS: held.ms / 1000,
    bytesPerConversation: (after.rssBytes - before.rssBytes) / opened,
    ...(idle.heapUsedBytes !== undefined && before.heapUsedBytes !== undefined
      ? { heapBytesPerIdle: (idle.heapUsedBytes - before.heapUsedBytes) / opened }
      : {}),
    ...(after.heapUsedBytes !== undefined && before.heapUsedBytes !== undefined
      ? { heapBytesPerConversation: (after.heapUsedBytes - before.heapUsedBytes) / opened }
      : {}),
    ...(after.heapTotalBytes !== undefined && before.heapTotalBytes !== undefined
      ? { heapTotalBytesPerConversation: (after.heapTotalBytes - before.heapTotalBytes) / opened }
      : {}),
  };
}

await phase('startup', 'start-up time', () =>
  withLayani({}, async (layani) => {
    recordStartup(layani);
  }),
);

await phase('classifier', 'classifier', async () => {
  const output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./classifier.ts', import.meta.url))], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  results.classifier = JSON.parse(output.trim().split('\n').at(-1)!) as Results['classifier'];
});

await phase('redis', 'Redis store', async () => {
  const redis = await startRedis(scratch);
  if (typeof redis === 'string') {
    results.redis.unavailable = redis;
    return;
  }
  const handle = { stop: () => redis.stop() };
  running.add(handle);
  try {
    await redisPhase(redis);
  } finally {
    await redis.stop();
    running.delete(handle);
  }
});

async function redisPhase(redis: RunningRedis): Promise<void> {
  let layani: RunningLayani | undefined;
  try {
    await withLayani({ redisUrl: redis.url }, async (running) => {
      layani = running;
      const hold = { kind: 'hold', baseUrl: running.baseUrl, secret: running.secret, concurrency: 50, timeLimitMs: 30_000 } as const;
      await loadgen.call<HoldResult>({ ...hold, count: 3 });
      await loadgen.call({ kind: 'release' });
      const probe = await redisFootprint(redis.client);
      if (probe.keys === 0) {
        results.redis.unavailable = 'the server keeps nothing in Redis yet (REDIS_URL not implemented)';
        return;
      }
      // Rate-limit counters live for a minute; an idle conversation is what stays.
      const transient = /ratelimit/;
      const before = await redisFootprint(redis.client, transient);
      const held = await loadgen.call<HoldResult>({ ...hold, count: IDLE_CONVERSATIONS });
      await loadgen.call({ kind: 'release' });
      await sleep(500);
      const after = await redisFootprint(redis.client, transient);
      results.redis.bytesPerIdle = (after.bytes - before.bytes) / held.opened;
      results.redis.keysPerIdle = (after.keys - before.keys) / held.opened;
      notes.push(`Redis key families: ${after.prefixes.join(', ')}.`);
      // With Redis the conversations' state is not in the process: what an open conversation costs it.
      log(`redis: ${ACTIVE_CONVERSATIONS.toLocaleString('en-US')} active conversations`);
      results.redis.rss = await activeMemory(running, 'Redis memory phase');
    });
    if (results.redis.unavailable) return;
    // The end-to-end runs get an instance of their own, as in memory: the memory probe's burst of
    // 10,000 conversations and its forced full GCs leave a heap on which full GCs come every second or
    // two for a while, which is the probe's doing, not the traffic's. Redis keeps what the probes stored.
    await withLayani({ redisUrl: redis.url }, async (running) => {
      const commandsBefore = await commandCounts(redis.client);
      const messagesBefore = await messagesReceived(running);
      await e2eRuns(running, results.redis, GOALS.e2eRedisPerSec, 'redis', redis.child.pid);
      const messages = (await messagesReceived(running)) - messagesBefore;
      const calls = [...(await commandCounts(redis.client))].map(([name, n]) => [name, n - (commandsBefore.get(name) ?? 0)] as const);
      const total = calls.reduce((sum, [, n]) => sum + n, 0);
      if (messages > 0) {
        const top = calls
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([name, n]) => `${name} ${(n / messages).toFixed(1)}`);
        notes.push(`Redis commands per citizen message (INFO commandstats over the single-instance end-to-end runs; MULTI/EXEC and commands run inside scripts count): ${(total / messages).toFixed(1)} (${top.join(', ')}).`);
      }
      // Redis is what lets Layani run as several instances: one per core, as it would be deployed on
      // this machine, behind a load balancer without affinity (each conversation's stream on one instance,
      // its messages posted to both in turn, so replies often travel between them through Redis).
      await withLayani({ redisUrl: redis.url, secret: running.secret }, async (second) => {
        const base = e2eBase([running, second], redis.child.pid);
        const twice = (results.redis.twoInstances = {} as E2eRuns);
        log('redis, 2 instances: 500 conversations, closed loop');
        twice.closed500 = await loadgen.call<E2eResult>({ ...base, conversations: 500 });
        log(`redis, 2 instances: 500 conversations, paced at ${GOALS.e2eRedisPerSec} messages/s`);
        twice.paced500 = await loadgen.call<E2eResult>({ ...base, conversations: 500, ratePerSec: GOALS.e2eRedisPerSec });
      });
    });
  } catch (err) {
    if (!layani) {
      results.redis.unavailable = `the server did not start with REDIS_URL: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`;
      return;
    }
    throw err;
  }
}

await cleanUp();

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const { rows, notes: tableNotes } = summarise(results, (phase) => !only || only.includes(phase));
notes.unshift(...tableNotes);
const waits = cpuWaits(results);
const busy = machine.loadAverage[0]! > machine.cores * 0.75 || Math.max(0, ...waits) > 0.15;
const report = { machine, loadAfter: loadavg(), command, startedAt, durationS: (performance.now() - clock) / 1000, rows, notes, busy };
process.stdout.write(`\n${renderText(report)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
if (append) {
  appendToBenchmarks(join(PROJECT_ROOT, 'BENCHMARKS.md'), renderMarkdown(report));
  process.stdout.write('\nAppended to BENCHMARKS.md\n');
}
if (cpuProfileDir) process.stdout.write(`CPU profiles of the Layani servers: ${cpuProfileDir}\n`);
