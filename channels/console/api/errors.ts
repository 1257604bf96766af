import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HandoffError } from '../../../bot/handoff/api.js';

/** A refusal with the status and the Indonesian message the console shows. */
export class ConsoleError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const HANDOFF_STATUS: Record<HandoffError['code'], number> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400 };

/** Every console error leaves as `{ error, message }`; unexpected ones say nothing about the inside. */
export function consoleErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ConsoleError) return reply.status(error.statusCode).send({ error: error.code, message: error.message });
  if (error instanceof HandoffError) return reply.status(HANDOFF_STATUS[error.code]).send({ error: error.code, message: error.message });
  const status = (error as FastifyError).statusCode ?? 500;
  if ((error as FastifyError).validation) {
    return reply.status(400).send({ error: 'invalid', message: `Permintaan tidak valid: ${error.message}` });
  }
  if (status === 429) return reply.status(429).send({ error: 'rate_limited', message: error.message });
  if (status >= 400 && status < 500) return reply.status(status).send({ error: 'invalid', message: error.message });
  request.log.error({ err: error }, 'officer console request failed');
  return reply.status(500).send({ error: 'internal', message: 'Terjadi kesalahan pada server. Coba lagi.' });
}
