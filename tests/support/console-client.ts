import { expect } from 'vitest';

/** An officer signed in to one instance's console API. */
export class Officer {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly base: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const url = path.startsWith('/') ? `${this.base}${path}` : `${this.base}/console/api/${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: this.base,
        'x-csrf-token': this.csrf,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  /** A GET with the officer's cookies; `path` is absolute (`/console/api/…`), as the transcript gives it. */
  get(path: string): Promise<Response> {
    return this.call('GET', path);
  }

  async login(username: string, password: string): Promise<void> {
    this.csrf = ((await (await this.call('GET', 'login')).json()) as { csrfToken: string }).csrfToken;
    const response = await this.call('POST', 'login', { username, password });
    expect(response.status).toBe(200);
    this.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  async queueKeys(): Promise<string[]> {
    const queue = (await (await this.call('GET', 'queue')).json()) as { items: { record: { key: string } }[] };
    return queue.items.map((i) => i.record.key);
  }

  async act(key: string, action: string, body: Record<string, unknown> = {}): Promise<void> {
    const response = await this.call('POST', `conversations/${encodeURIComponent(key)}/${action}`, body);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
  }

  async conversation(key: string): Promise<{ replyWindowClosed?: boolean; transcript: { text: string }[] }> {
    return (await this.call('GET', `conversations/${encodeURIComponent(key)}`)).json() as never;
  }

  async transcript(key: string): Promise<string[]> {
    const view = (await (await this.call('GET', `conversations/${encodeURIComponent(key)}`)).json()) as { transcript: { text: string }[] };
    return view.transcript.map((e) => e.text);
  }
}
