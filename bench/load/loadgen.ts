/**
 * The load generator: a child process of the bench (never the process of the server under test),
 * driven over IPC. Commands: `http` (autocannon against the baseline), `e2e` (Direct Line conversations
 * in a closed loop or paced), `hold` (open many conversations and keep them open) and `release`.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { citizenQuestions } from '../corpus/index.js';
import { metricSum, readMetrics } from '../metrics-text.js';
import { distribution, type Distribution } from '../stats.js';
import { Conversation, NoReply, closePools } from './directline.js';

export type Command =
  | { kind: 'http'; url: string; connections: number; durationS: number }
  | {
      kind: 'e2e';
      /**
       * The instances under test: conversation i opens its stream on instance i mod n and posts its
       * messages to each instance in turn (a load balancer without affinity).
       */
      baseUrls: string[];
      secret: string;
      /** The servers' process ids, to read their CPU use during the window. */
      serverPids: number[];
      /** The private redis-server's process id, when the server keeps its state there. */
      redisPid?: number;
      conversations: number;
      warmupMs: number;
      durationMs: number;
      /** Paced: all conversations together offer this many messages per second; closed loop when omitted. */
      ratePerSec?: number;
    }
  | { kind: 'hold'; baseUrl: string; secret: string; count: number; concurrency: number; timeLimitMs: number }
  | { kind: 'release' };

export interface HttpResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface E2eResult {
  conversations: number;
  /** Paced runs: the rate offered. */
  offeredPerSec?: number;
  openMs: number;
  messages: number;
  durationS: number;
  messagesPerSec: number;
  /** Milliseconds from POST to the reply on the stream. */
  latency: Distribution;
  failures: number;
  firstFailure?: string;
  /** The load generator's own CPU use during the measured window, in cores (1 = one core busy). */
  clientCores: number;
  /**
   * The load generator's own event-loop delay during the window (perf_hooks, 1 ms resolution): a reply
   * that arrives while it is held up is timed late, so its stalls show in the latencies it measures.
   */
  clientLoopDelay: { p99Ms: number; maxMs: number };
  /** The server's CPU use during the window, in cores (all instances together). */
  serverCores: number;
  /**
   * Share of the window the server's main thread was ready to run but waiting for a CPU (other
   * processes had it): near 0 on an idle machine; high values mean the figures are held down by load.
   */
  serverCpuWait: number;
  /**
   * The servers' full (mark-compact) garbage collections that ended during the window, all instances
   * together, from their /metrics (absent for a server without it): each holds up the event loop for
   * tens of milliseconds, which at high load shows as a burst of slow replies.
   */
  serverMajorGc?: { count: number; ms: number };
  /** redis-server's CPU use during the window, in cores (runs with Redis). */
  redisCores?: number;
}

export interface HoldResult {
  opened: number;
  failures: number;
  firstFailure?: string;
  ms: number;
}

const REPLY_TIMEOUT_MS = 10_000;
const questions = citizenQuestions();
let held: Conversation[] = [];

async function http(command: Extract<Command, { kind: 'http' }>): Promise<HttpResult> {
  const result = await autocannon({ url: command.url, connections: command.connections, duration: command.durationS });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Opens `count` conversations, at most `concurrency` at a time. */
async function openMany(baseUrls: string[], secret: string, count: number, concurrency: number): Promise<Conversation[]> {
  const opened: Conversation[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      opened.push(await Conversation.open(baseUrls[index % baseUrls.length]!, secret, baseUrls));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return opened;
}

async function e2e(command: Extract<Command, { kind: 'e2e' }>): Promise<E2eResult> {
  const openStart = performance.now();
  const conversations = await openMany(command.baseUrls, command.secret, command.conversations, 50);
  const openMs = performance.now() - openStart;

  const start = performance.now();
  const measureFrom = start + command.warmupMs;
  const measureTo = measureFrom + command.durationMs;
  const latencies: number[] = [];
  let completed = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  // Paced: every conversation sends once per `interval`, so that all of them together offer `ratePerSec`.
  const interval = command.ratePerSec ? (command.conversations * 1000) / command.ratePerSec : 0;

  const run = async (conversation: Conversation, index: number) => {
    let turn = index * 7;
    let due = start + Math.random() * interval;
    while (performance.now() < measureTo) {
      if (interval > 0) {
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        due += interval;
        if (performance.now() >= measureTo) break;
      }
      const text = questions[turn++ % questions.length]!;
      const sentAt = performance.now();
      try {
        const ms = await conversation.send(text, REPLY_TIMEOUT_MS);
        // Throughput counts replies arriving in the window; latency, messages sent in it.
        if (sentAt + ms >= measureFrom && sentAt + ms <= measureTo) completed += 1;
        if (sentAt >= measureFrom && sentAt < measureTo) latencies.push(ms);
      } catch (err) {
        failures += 1;
        firstFailure ??= (err as Error).message;
        if (!(err instanceof NoReply)) await sleep(100);
      }
    }
  };
  const runs = conversations.map(run);
  await sleep(Math.max(0, measureFrom - performance.now()));
  const cpuAtStart = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const serverAtStart = sum(command.serverPids.map(cpuSeconds));
  const waitAtStart = sum(command.serverPids.map(runQueueSeconds));
  const redisAtStart = command.redisPid ? cpuSeconds(command.redisPid) : 0;
  const gcAtStart = await majorGc(command.baseUrls);
  await sleep(Math.max(0, measureTo - performance.now()));
  const cpu = process.cpuUsage(cpuAtStart);
  loopDelay.disable();
  const serverCpu = sum(command.serverPids.map(cpuSeconds)) - serverAtStart;
  // With several instances, the mean share of the window their main threads waited for a CPU.
  const serverWait = (sum(command.serverPids.map(runQueueSeconds)) - waitAtStart) / command.serverPids.length;
  const redisCpu = command.redisPid ? cpuSeconds(command.redisPid) - redisAtStart : undefined;
  const gcAtEnd = await majorGc(command.baseUrls);
  await Promise.all(runs);
  for (const conversation of conversations) conversation.close();
  await closePools();

  const durationS = command.durationMs / 1000;
  return {
    conversations: conversations.length,
    ...(command.ratePerSec ? { offeredPerSec: command.ratePerSec } : {}),
    openMs,
    messages: completed,
    durationS,
    messagesPerSec: completed / durationS,
    latency: distribution(latencies),
    failures,
    ...(firstFailure ? { firstFailure } : {}),
    clientCores: (cpu.user + cpu.system) / 1e6 / durationS,
    clientLoopDelay: { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 },
    serverCores: serverCpu / durationS,
    serverCpuWait: serverWait / durationS,
    ...(redisCpu !== undefined ? { redisCores: redisCpu / durationS } : {}),
    ...(gcAtStart && gcAtEnd ? { serverMajorGc: { count: gcAtEnd.count - gcAtStart.count, ms: (gcAtEnd.seconds - gcAtStart.seconds) * 1000 } } : {}),
  };
}

/**
 * Full garbage collections so far, all instances together, from the default metrics on /metrics
 * (`nodejs_gc_duration_seconds{kind="major"}`, whatever the prefix); undefined when a server has none.
 */
async function majorGc(baseUrls: string[]): Promise<{ count: number; seconds: number } | undefined> {
  let count = 0;
  let seconds = 0;
  for (const url of baseUrls) {
    const text = await readMetrics(url);
    if (text === undefined) return undefined;
    const ended = metricSum(text, 'nodejs_gc_duration_seconds_count', 'kind="major"');
    const paused = metricSum(text, 'nodejs_gc_duration_seconds_sum', 'kind="major"');
    if (ended === undefined || paused === undefined) return undefined;
    count += ended;
    seconds += paused;
  }
  return { count, seconds };
}

/** Opens `count` conversations with one message each (answered) and keeps their streams open. */
async function hold(command: Extract<Command, { kind: 'hold' }>): Promise<HoldResult> {
  const started = performance.now();
  const deadline = started + command.timeLimitMs;
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const worker = async () => {
    while (next < command.count && performance.now() < deadline) {
      const turn = next++;
      try {
        const conversation = await Conversation.open(command.baseUrl, command.secret);
        held.push(conversation);
        await conversation.send(questions[turn % questions.length]!, REPLY_TIMEOUT_MS);
      } catch (err) {
        failures += 1;
        firstFailure ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  return { opened: held.length, failures, ...(firstFailure ? { firstFailure } : {}), ms: performance.now() - started };
}

/** Busy seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Seconds the process's main thread has spent runnable but waiting for a CPU (/proc/PID/schedstat). */
function runQueueSeconds(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return Number.NaN;
  }
}

async function execute(command: Command): Promise<unknown> {
  switch (command.kind) {
    case 'http':
      return http(command);
    case 'e2e':
      return e2e(command);
    case 'hold':
      return hold(command);
    case 'release':
      for (const conversation of held) conversation.close();
      held = [];
      await closePools();
      return {};
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  execute(message.command).then(
    (result) => process.send?.({ id: message.id, result }),
    (err: unknown) => process.send?.({ id: message.id, error: (err as Error).stack ?? String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
