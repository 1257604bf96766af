import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';

export interface GraphCall {
  phoneNumberId: string;
  authorization: string | undefined;
  body: Record<string, unknown> & { type?: string; to?: string; status?: string };
}

export interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
  /** The business number the media belongs to (Meta checks `phone_number_id` against it). */
  phoneNumberId: string;
  /** What `file_size` says, when it should differ from the bytes (a large file). */
  declaredSize?: number;
  /** Sent without Content-Length (chunked), as a server that does not announce the size. */
  chunked?: boolean;
}

/**
 * A local stand-in for the Graph API: `POST /{version}/{phone-number-id}/messages` records each
 * request and answers as the Cloud API does (a message id for sends, success for read receipts);
 * `GET /{version}/{media-id}` answers the media's short-lived URL, and that URL gives the bytes, both
 * only with a bearer token, as Meta documents for retrieving and downloading media.
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  /** Every media request (URL look-ups and downloads) with the authorization it carried. */
  readonly mediaCalls: { path: string; authorization: string | undefined }[] = [];
  readonly media = new Map<string, FakeMedia>();
  private readonly app: FastifyInstance = Fastify();
  private counter = 0;
  url = '';
  origin = '';

  async start(): Promise<this> {
    this.app.post<{ Params: { phoneNumberId: string }; Body: GraphCall['body'] }>('/v21.0/:phoneNumberId/messages', async (request) => {
      this.calls.push({ phoneNumberId: request.params.phoneNumberId, authorization: request.headers.authorization, body: request.body });
      if (request.body.status === 'read') return { success: true };
      this.counter += 1;
      return { messaging_product: 'whatsapp', contacts: [{ input: request.body.to, wa_id: request.body.to }], messages: [{ id: `wamid.OUT${this.counter}` }] };
    });
    this.app.get<{ Params: { mediaId: string }; Querystring: { phone_number_id?: string } }>('/v21.0/:mediaId', async (request, reply) => {
      this.mediaCalls.push({ path: request.url, authorization: request.headers.authorization });
      if (!request.headers.authorization?.startsWith('Bearer ')) return reply.status(401).send(graphError('Invalid OAuth access token.', 190));
      const media = this.media.get(request.params.mediaId);
      const wrongNumber = request.query.phone_number_id !== undefined && request.query.phone_number_id !== media?.phoneNumberId;
      if (!media || wrongNumber) {
        return reply.status(400).send(graphError(`Unsupported get request. Object with ID '${request.params.mediaId}' does not exist.`, 100, 33));
      }
      return {
        messaging_product: 'whatsapp',
        url: `${this.origin}/whatsapp_business/attachments/?mid=${request.params.mediaId}&ext=1700000000&hash=ATtest`,
        mime_type: media.mimeType,
        sha256: createHash('sha256').update(media.bytes).digest('hex'),
        file_size: String(media.declaredSize ?? media.bytes.length),
        id: request.params.mediaId,
      };
    });
    this.app.get<{ Querystring: { mid?: string } }>('/whatsapp_business/attachments/', async (request, reply) => {
      this.mediaCalls.push({ path: request.url, authorization: request.headers.authorization });
      if (!request.headers.authorization?.startsWith('Bearer ')) return reply.status(401).send('');
      const media = request.query.mid ? this.media.get(request.query.mid) : undefined;
      if (!media) return reply.status(404).send('');
      void reply.header('content-type', media.mimeType);
      return reply.send(media.chunked ? Readable.from([media.bytes.subarray(0, 1024), media.bytes.subarray(1024)]) : media.bytes);
    });
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    this.origin = `http://127.0.0.1:${(this.app.server.address() as AddressInfo).port}`;
    this.url = `${this.origin}/v21.0`;
    return this;
  }

  /** Sent messages (not read receipts) to one citizen. */
  sentTo(waId: string): GraphCall['body'][] {
    return this.calls.filter((c) => c.body.to === waId).map((c) => c.body);
  }

  reads(): string[] {
    return this.calls.filter((c) => c.body.status === 'read').map((c) => String(c.body.message_id));
  }

  reset(): void {
    this.calls.length = 0;
    this.mediaCalls.length = 0;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

function graphError(message: string, code: number, subcode?: number) {
  return { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AtestTrace' } };
}
