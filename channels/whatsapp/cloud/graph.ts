import type { GraphRequest } from './requests.js';

export interface GraphOptions {
  /** e.g. https://graph.facebook.com/v21.0 (tests: a local fake). */
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs?: number;
}

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(`Graph API answered ${status}: ${JSON.stringify(detail).slice(0, 300)}`);
  }
}

/** The Cloud API's messages endpoint: everything Layani sends to WhatsApp goes through `post`. */
export class GraphApi {
  private readonly url: string;

  constructor(private readonly options: GraphOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  }

  /** Posts one request; resolves to the id of the message sent (none for read receipts). */
  async post(body: GraphRequest): Promise<string | undefined> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (!response.ok) throw new GraphApiError(response.status, json);
    const messages = (json as { messages?: { id?: string }[] } | undefined)?.messages;
    return messages?.[0]?.id;
  }
}
