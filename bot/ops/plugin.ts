import fp from 'fastify-plugin';
import { LayaniMetrics } from './metrics.js';

export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface OpsOptions {
  /** Metrics to expose; a fresh set when omitted. Pass the same instance to the bot's `onTurn`. */
  metrics?: LayaniMetrics;
  /** The application's readiness (e.g. the conversation store answers); ready when omitted. */
  ready?: ReadinessCheck;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: LayaniMetrics;
    /** Adds a named check to /readyz (e.g. a channel's store). */
    addReadinessCheck(name: string, check: ReadinessCheck): void;
  }
}

const CHECK_TIMEOUT_MS = 2000;

async function passes(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const statusSchema = {
  type: 'object',
  properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'boolean' } } },
} as const;

/**
 * Operations endpoints: /healthz (the process answers), /readyz (every readiness check passes and the
 * server is not shutting down; load balancers stop sending traffic on 503), /metrics (Prometheus).
 */
export const opsPlugin = fp<OpsOptions>(
  async (app, options) => {
    const metrics = options.metrics ?? new LayaniMetrics();
    const checks = new Map<string, ReadinessCheck>([['app', options.ready ?? (() => true)]]);
    let closing = false;

    app.decorate('metrics', metrics);
    app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => {
      checks.set(name, check);
    });
    app.addHook('preClose', async () => {
      closing = true;
    });

    app.get('/healthz', { schema: { response: { 200: statusSchema } } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { schema: { response: { 200: statusSchema, 503: statusSchema } } }, async (_request, reply) => {
      const results = Object.fromEntries(
        await Promise.all([...checks].map(async ([name, check]) => [name, await passes(check)] as const)),
      );
      const ready = !closing && Object.values(results).every(Boolean);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : closing ? 'shutting down' : 'not ready', checks: results });
    });

    app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
  },
  { name: 'layani-ops', fastify: '5.x' },
);
