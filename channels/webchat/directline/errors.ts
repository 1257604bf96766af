import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isRedisOutage } from '../../../bot/store/outage.js';

/** Error codes as Direct Line 3.0 reports them in `{ error: { code, message } }`. */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'BadSyntax'
  | 'MissingProperty'
  | 'Unauthorized'
  | 'TokenExpired'
  | 'Forbidden'
  | 'NotFound'
  | 'MessageSizeTooBig'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'ServiceUnavailable'
  | 'ServiceError';

export class DirectLineError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: DirectLineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: DirectLineErrorCode; message: string };
}

export function errorBody(code: DirectLineErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Maps fastify's own errors (parsing, validation, limits) to the Direct Line error shape. */
export function toDirectLineError(err: FastifyError): DirectLineError {
  if (err instanceof DirectLineError) return err;
  if (err.validation) {
    return new DirectLineError(400, 'BadArgument', `Invalid request: ${err.message}`);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DirectLineError(413, 'MessageSizeTooBig', 'Request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DirectLineError(415, 'UnsupportedMediaType', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DirectLineError(400, 'BadSyntax', 'Request body is not valid JSON');
  }
  if (err instanceof SyntaxError) return new DirectLineError(400, 'BadSyntax', 'Request body is not valid JSON');
  if (err.statusCode === 429) return new DirectLineError(429, 'TooManyRequests', 'Too many requests, slow down');
  if (err.statusCode === 503) return new DirectLineError(503, 'ServiceUnavailable', 'Service is restarting, try again');
  // The shared store is away for now: a retryable 503, not a 500.
  if (isRedisOutage(err)) return new DirectLineError(503, 'ServiceUnavailable', 'Sedang ada gangguan, silakan coba lagi');
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return new DirectLineError(err.statusCode, 'BadArgument', err.message);
  }
  return new DirectLineError(500, 'ServiceError', 'Internal error');
}

export function directLineErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const dl = toDirectLineError(err);
  if (dl.statusCode >= 500) request.log.error({ err }, 'web chat request failed');
  void reply.status(dl.statusCode).send(errorBody(dl.code, dl.message));
}
