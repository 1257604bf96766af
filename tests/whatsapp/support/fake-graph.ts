import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';

export interface GraphCall {
  phoneNumberId: string;
  authorization: string | undefined;
  body: Record<string, unknown> & { type?: string; to?: string; status?: string };
}

/**
 * A local stand-in for the Graph API's `POST /{version}/{phone-number-id}/messages`: it records each
 * request and answers as the Cloud API does (a message id for sends, success for read receipts).
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  private readonly app: FastifyInstance = Fastify();
  private counter = 0;
  url = '';

  async start(): Promise<this> {
    this.app.post<{ Params: { phoneNumberId: string }; Body: GraphCall['body'] }>('/v21.0/:phoneNumberId/messages', async (request) => {
      this.calls.push({ phoneNumberId: request.params.phoneNumberId, authorization: request.headers.authorization, body: request.body });
      if (request.body.status === 'read') return { success: true };
      this.counter += 1;
      return { messaging_product: 'whatsapp', contacts: [{ input: request.body.to, wa_id: request.body.to }], messages: [{ id: `wamid.OUT${this.counter}` }] };
    });
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    this.url = `http://127.0.0.1:${(this.app.server.address() as AddressInfo).port}/v21.0`;
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
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
