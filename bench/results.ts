/**
 * The bench's settings and goals, what the phases measured (Results), and the table and notes made of it.
 */
import type { E2eResult, HttpResult } from './load/loadgen.js';
import { check, fmt, type Row } from './report.js';
import { median } from './stats.js';

/** The goals of the performance issue, on a 2-core machine. */
export const GOALS = {
  e2eMemoryPerSec: 3000,
  e2eRedisPerSec: 2000,
  p99Ms: 30,
  classificationsPerSec: 20_000,
  readyMs: 1500,
  redisBytesPerIdle: 2 * 1024,
  rssBytesPerActive: 5 * 1024,
} as const;

export const BASELINE = { connections: 50, durationS: 10 };
export const E2E = { warmupMs: 1500, durationMs: 6000 };
export const ACTIVE_CONVERSATIONS = 10_000;
export const IDLE_CONVERSATIONS = 1000;

export interface E2eRuns {
  closed50?: E2eResult;
  closed500?: E2eResult;
  /** Paced at the goal rate: the p99 goal is checked here. */
  paced500?: E2eResult;
  /** Paced at half the closed-loop maximum: latency under a load the server carries. */
  half500?: E2eResult;
}

export interface ActiveMemory {
  opened: number;
  bytesPerConversation: number;
  heapBytesPerConversation?: number;
  /** The JS heap V8 holds per conversation (committed): in use plus the free space left between live objects. */
  heapTotalBytesPerConversation?: number;
  heapBytesPerIdle?: number;
  openS: number;
}

export interface Results {
  baseline?: HttpResult;
  /** The Direct Line transport with no bot (servers/directline-floor.ts): closed loop and paced at the in-memory goal rate. */
  floor: Pick<E2eRuns, 'closed500' | 'paced500'>;
  memory: E2eRuns;
  redis: E2eRuns & { unavailable?: string; bytesPerIdle?: number; keysPerIdle?: number; twoInstances?: E2eRuns; rss?: ActiveMemory };
  rss?: ActiveMemory;
  /** A bare ws server: RSS and heap per open WebSocket, the floor of any one-socket-per-conversation design. */
  wsBaseline?: { connections: number; rssBytes: number; heapBytes: number; heapTotalBytes?: number };
  classifier?: { phrases: number; trainMs: number; perSec: number; p50Us: number; p99Us: number };
  startupsMs: number[];
  startupsCpuMs: number[];
  widgetGzipBytes?: number;
}

export type PhaseName = 'baseline' | 'memory' | 'rss' | 'startup' | 'classifier' | 'redis';

/**
 * The table rows (each figure next to its goal) and the notes printed under it, for the phases that ran.
 * A figure missing from a phase that ran is shown as failed (the phase's error is in the notes).
 */
export function summarise(results: Results, ran: (phase: PhaseName) => boolean): { rows: Row[]; notes: string[] } {
  const baselineRps = results.baseline?.requestsPerSec;
  const vs = (perSec: number | undefined) => (perSec !== undefined && baselineRps ? fmt.ratio(perSec / baselineRps) : '');
  const rows: Row[] = [];

  if (ran('baseline')) {
    const b = results.baseline;
    rows.push({
      measure: `Baseline: bare fastify GET / (autocannon, ${BASELINE.connections} connections, ${BASELINE.durationS} s)`,
      result: b ? `${fmt.int(b.requestsPerSec)} req/s (p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms)` : 'failed',
      vsBaseline: b ? '100 %' : '',
    });
    const describe = (r: E2eResult | undefined) => (r ? describeE2e(r) : 'failed');
    const { closed500, paced500 } = results.floor;
    rows.push(
      {
        measure: 'End-to-end baseline: Direct Line with no bot (fastify + ws echo), 500 conversations, closed loop',
        result: describe(closed500),
        vsBaseline: vs(closed500?.messagesPerSec),
      },
      {
        measure: `End-to-end baseline: Direct Line with no bot, 500 conversations, paced at ${fmt.int(GOALS.e2eMemoryPerSec)} msg/s`,
        result: describe(paced500),
        vsBaseline: vs(paced500?.messagesPerSec),
      },
    );
  }
  if (ran('memory')) rows.push(...e2eRows('in-memory store', results.memory, GOALS.e2eMemoryPerSec, vs));
  if (ran('redis')) {
    rows.push(...e2eRows('Redis', results.redis, GOALS.e2eRedisPerSec, vs, results.redis.unavailable));
    const twice = results.redis.twoInstances;
    if (twice) rows.push(...e2eRows('Redis, 2 instances (one per core)', twice, GOALS.e2eRedisPerSec, vs, undefined, true));
  }

  if (ran('classifier')) {
    const c = results.classifier;
    rows.push(
      {
        measure: `Classifier: classifications/s (one thread, ${c?.phrases ?? '?'} varied phrases)`,
        result: c ? `${fmt.int(c.perSec)} /s` : 'failed',
        goal: `≥ ${fmt.int(GOALS.classificationsPerSec)} /s`,
        status: check(c?.perSec, { atLeast: GOALS.classificationsPerSec }),
      },
      { measure: 'Classifier: latency per classification', result: c ? `p50 ${c.p50Us.toFixed(0)} µs, p99 ${c.p99Us.toFixed(0)} µs` : 'failed' },
      { measure: 'Classifier: training at start (no saved model)', result: c ? `${fmt.int(c.trainMs)} ms` : 'failed' },
    );
  }

  const rss = results.rss;
  const ws = results.wsBaseline;
  if (ran('rss')) {
    rows.push({
      measure: `Memory baseline: bare ws server, RSS per open WebSocket (${fmt.int(ACTIVE_CONVERSATIONS)} open)`,
      result: ws
        ? `${(ws.rssBytes / 1024).toFixed(1)} KiB (JS heap ${(ws.heapBytes / 1024).toFixed(1)} KiB in use` +
          (ws.heapTotalBytes === undefined ? ')' : `, ${(ws.heapTotalBytes / 1024).toFixed(1)} KiB held)`)
        : 'failed',
      vsBaseline: ws ? '100 %' : '',
    });
    rows.push(activeMemoryRow('in-memory store', rss, ws?.rssBytes));
  }
  if (ran('redis') && !results.redis.unavailable) rows.push(activeMemoryRow('Redis', results.redis.rss, ws?.rssBytes));
  if (ran('redis')) {
    const { bytesPerIdle, keysPerIdle, unavailable } = results.redis;
    rows.push({
      measure: 'Redis per idle conversation (MEMORY USAGE of its keys, rate-limit counters aside)',
      result: bytesPerIdle !== undefined ? `${fmt.int(bytesPerIdle)} bytes in ${keysPerIdle?.toFixed(1)} keys` : `not available: ${unavailable ?? 'failed'}`,
      goal: `≤ ${GOALS.redisBytesPerIdle / 1024} KiB`,
      status: check(bytesPerIdle, { atMost: GOALS.redisBytesPerIdle }),
    });
  }
  // Every in-memory start of the run is a start-up sample.
  if (ran('startup') || results.startupsMs.length > 0) {
    const startup = results.startupsMs.length > 0 ? median(results.startupsMs) : undefined;
    rows.push({
      measure: 'Start-up: spawn to /readyz 200 (in-memory store)',
      result:
        startup !== undefined
          ? `${fmt.int(startup)} ms (median of ${results.startupsMs.map(fmt.int).join(', ')}; CPU used by then ${fmt.int(median(results.startupsCpuMs))} ms)`
          : 'failed',
      goal: `≤ ${fmt.int(GOALS.readyMs)} ms`,
      status: check(startup, { atMost: GOALS.readyMs }),
    });
  }
  if (ran('memory')) {
    rows.push({
      measure: 'Widget: /widget.js gzipped',
      result: results.widgetGzipBytes !== undefined ? `${fmt.int(results.widgetGzipBytes)} bytes` : 'failed',
    });
  }

  const e2e = allRuns(results);
  const notes = [
    'Loopback only; the servers, the load generator and the classifier each run in their own process. Layani runs as `npm start` does (built by `bot/cli/build.mjs`, then `node dist/main.js`) with LOG_LEVEL=warn, raised rate limits and a Direct Line secret.',
  ];
  if (e2e.length > 0) {
    notes.push(
      `End to end: each conversation is opened with POST /v3/directline/conversations and its WebSocket stream, then sends varied Indonesian questions (bench/corpus) one after another; latency runs from the POST to the bot's reply (replyToId) arriving on the stream. ${E2E.warmupMs / 1000} s warm-up, ${E2E.durationMs / 1000} s measured. Closed loop: the next message goes as soon as the reply arrives (maximum throughput; with 500 conversations the latency is mostly queueing, by Little's law). Paced: the conversations together offer a fixed rate (each waits for its reply, then for its next turn); the p99 goal is checked at the goal rate and counts as met only when that rate was carried; the row paced at half the maximum shows latency under a load the server can carry.`,
      `CPU during the measured windows (a core is 1.00; CPU per message is the steadiest figure on a shared machine): ${e2e.map(([label, r]) => describeCpu(label, r)).join('; ')}.`,
    );
  }
  const floor = results.floor.paced500;
  if (floor) {
    const perMessage = (r: E2eResult) => (r.serverCores * 1e6) / r.messagesPerSec;
    const layani: [string, E2eResult | undefined][] = [
      ['in memory', results.memory.paced500],
      ['with Redis', results.redis.paced500],
    ];
    const against = layani
      .filter((entry): entry is [string, E2eResult] => entry[1] !== undefined)
      .map(([label, r]) => `${label} ${fmt.int(perMessage(r))} µs at ${fmt.int(r.messagesPerSec)} msg/s, ${(perMessage(r) / perMessage(floor)).toFixed(1)} times as much`);
    notes.push(
      `End-to-end baseline: the same load generator against a server that speaks the same Direct Line with no bot behind it (bench/servers/directline-floor.ts: fastify and @fastify/websocket as in Layani; each message is answered with its id and echoed on the stream with a fixed answer, nothing stored or classified). It needed ${fmt.int(perMessage(floor))} µs of CPU per message paced at ${fmt.int(floor.messagesPerSec)} msg/s: what HTTP, JSON and the socket writes cost on this machine, the part no bot can avoid` +
        (against.length > 0 ? `. Layani, paced: ${against.join('; ')}.` : '.'),
    );
  }
  if (results.redis.twoInstances) {
    notes.push(
      'Redis, 2 instances: two Layani processes sharing the private Redis, as one would run one per core (the in-memory store cannot be shared). Each conversation opens its stream on one of them and posts its messages to both in turn, as behind a load balancer without affinity, so about half the answers reach the stream from the other instance through Redis. Their CPU is given together.',
    );
  }
  if (rss) notes.push(`Memory: ${fmt.int(rss.opened)} conversations opened in ${rss.openS.toFixed(1)} s; RSS and heap read from /metrics after three full GCs (bench/servers/gc-on-signal.mjs), before and after.`);
  for (const [label, r] of e2e) if (r.failures > 0) notes.push(`${label}: ${r.failures} messages failed, first: ${r.firstFailure}`);
  return { rows, notes };
}

/** The rows of a set of end-to-end runs; with `onlyRan`, runs the set does not have are left out. */
function e2eRows(
  store: string,
  runs: E2eRuns,
  goalPerSec: number,
  vs: (perSec: number | undefined) => string,
  unavailable?: string,
  onlyRan = false,
): Row[] {
  const describe = (r: E2eResult | undefined) => (r ? describeE2e(r) : unavailable ? 'not available' : 'failed');
  const { closed50, closed500, paced500: paced, half500: half } = runs;
  // The latency goal holds only if the offered rate was actually carried.
  const carried = paced ? paced.messagesPerSec >= goalPerSec * 0.97 : false;
  const rows: (Row & { ran: boolean })[] = [
    { measure: `End to end, ${store}, 50 conversations, closed loop`, result: describe(closed50), vsBaseline: vs(closed50?.messagesPerSec), ran: !!closed50 },
    {
      ran: !!closed500,
      measure: `End to end, ${store}, 500 conversations, closed loop`,
      result: describe(closed500),
      vsBaseline: vs(closed500?.messagesPerSec),
      goal: `≥ ${fmt.int(goalPerSec)} msg/s`,
      status: check(closed500?.messagesPerSec, { atLeast: goalPerSec }),
    },
    {
      ran: !!paced,
      measure: `End to end, ${store}, 500 conversations, paced at ${fmt.int(goalPerSec)} msg/s`,
      result: describe(paced),
      vsBaseline: vs(paced?.messagesPerSec),
      goal: `p99 ≤ ${GOALS.p99Ms} ms at ${fmt.int(goalPerSec)} msg/s`,
      status: paced ? (carried ? check(paced.latency.p99, { atMost: GOALS.p99Ms }) : 'missed') : 'n/a',
    },
    ...(half
      ? [
          {
            ran: true,
            measure: `End to end, ${store}, 500 conversations, paced at half the maximum (${fmt.int(half.offeredPerSec ?? 0)} msg/s)`,
            result: describe(half),
            vsBaseline: vs(half.messagesPerSec),
          },
        ]
      : []),
  ];
  return rows.filter((row) => row.ran || !onlyRan).map(({ ran: _ran, ...row }) => row);
}

function describeE2e(r: E2eResult): string {
  return (
    `${fmt.int(r.messagesPerSec)} msg/s; p50 ${fmt.ms(r.latency.p50)} / p95 ${fmt.ms(r.latency.p95)} / p99 ${fmt.ms(r.latency.p99)} ms` +
    (r.failures > 0 ? `; ${r.failures} failed` : '')
  );
}

function activeMemoryRow(store: string, rss: ActiveMemory | undefined, wsBaselineBytes: number | undefined): Row {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const heap =
    rss?.heapBytesPerConversation === undefined
      ? ''
      : ` (JS heap ${kib(rss.heapBytesPerConversation)} KiB in use` +
        (rss.heapTotalBytesPerConversation === undefined ? '' : `, ${kib(rss.heapTotalBytesPerConversation)} KiB held`) +
        (rss.heapBytesPerIdle === undefined ? ')' : `, of which ${kib(rss.heapBytesPerIdle)} KiB stay once the stream closes)`);
  return {
    measure: `Process RSS per ${fmt.int(ACTIVE_CONVERSATIONS)} active conversations, ${store} (stream open, one message each)`,
    result: rss
      ? `${((rss.bytesPerConversation * ACTIVE_CONVERSATIONS) / 2 ** 20).toFixed(1)} MiB = ${kib(rss.bytesPerConversation)} KiB per conversation${heap}`
      : 'failed',
    vsBaseline: rss && wsBaselineBytes ? fmt.ratio(rss.bytesPerConversation / wsBaselineBytes) : '',
    goal: `≤ ${GOALS.rssBytesPerActive / 1024} KiB per conversation`,
    status: check(rss?.bytesPerConversation, { atMost: GOALS.rssBytesPerActive }),
  };
}

function describeCpu(label: string, r: E2eResult): string {
  return (
    `${label}: server ${r.serverCores.toFixed(2)} cores = ${fmt.int((r.serverCores * 1e6) / r.messagesPerSec)} µs of CPU per message, ` +
    `waiting for a CPU ${fmt.ratio(r.serverCpuWait)} of the time; ` +
    (r.serverMajorGc ? `${r.serverMajorGc.count} full GC${r.serverMajorGc.count === 1 ? '' : 's'} in the server${r.serverMajorGc.count > 0 ? ` (${fmt.int(r.serverMajorGc.ms)} ms of final pauses)` : ''}; ` : '') +
    (r.redisCores !== undefined ? `redis-server ${r.redisCores.toFixed(2)} cores = ${fmt.int((r.redisCores * 1e6) / r.messagesPerSec)} µs per message; ` : '') +
    `load generator ${r.clientCores.toFixed(2)} cores` +
    (r.clientLoopDelay ? ` (its event loop held up ${r.clientLoopDelay.p99Ms.toFixed(1)} ms at p99, ${r.clientLoopDelay.maxMs.toFixed(1)} ms at most)` : '')
  );
}

/** The end-to-end runs that took place, with a short label each. */
function labelled(store: string, runs: E2eRuns): [string, E2eResult][] {
  const all: [string, E2eResult | undefined][] = [
    [`${store} 50`, runs.closed50],
    [`${store} 500`, runs.closed500],
    [`${store} paced`, runs.paced500],
    [`${store} half`, runs.half500],
  ];
  return all.filter((entry): entry is [string, E2eResult] => entry[1] !== undefined);
}

/** Every end-to-end run that took place, the baseline's first. */
function allRuns(results: Results): [string, E2eResult][] {
  return [
    ...labelled('no bot', results.floor),
    ...labelled('memory', results.memory),
    ...labelled('redis', results.redis),
    ...labelled('redis ×2', results.redis.twoInstances ?? {}),
  ];
}

/** The server's CPU waits of every end-to-end run: how much other work competed for the CPUs. */
export function cpuWaits(results: Results): number[] {
  return allRuns(results).map(([, r]) => r.serverCpuWait);
}
