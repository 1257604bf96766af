import { Readable, Transform, pipeline } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { GraphApiError } from './graph.js';

/**
 * Media citizens send over the Cloud API, fetched for an officer. Meta documents two calls, both
 * with the access token as bearer: `GET /{media-id}` answers `{url, mime_type, sha256, file_size, id}`
 * (the url lives about 5 minutes; webhook media ids about 7 days), then `GET {url}` gives the bytes.
 */

/** Where the console serves a WhatsApp media id (relative: the console page resolves it). */
export const CONSOLE_MEDIA_PATH = '/console/api/media/whatsapp/';

export function consoleMediaUrl(mediaId: string): string {
  return `${CONSOLE_MEDIA_PATH}${encodeURIComponent(mediaId)}`;
}

/** What Meta allows at most is 100 MB (documents); officers need photos and papers, not films. */
export const DEFAULT_MAX_MEDIA_BYTES = 16 * 1024 * 1024;

export type MediaFetch =
  | { kind: 'ok'; contentType: string; body: Readable }
  | { kind: 'not_found' }
  | { kind: 'too_large'; size: number; limit: number };

export interface CloudMediaOptions {
  baseUrl: string;
  accessToken: string;
  /** Sent as `phone_number_id`: Meta then only answers for media of our own number. */
  phoneNumberId: string;
  maxBytes?: number;
  timeoutMs?: number;
}

interface MediaInfo {
  error?: { code?: unknown };
  url?: unknown;
  mime_type?: unknown;
  file_size?: unknown;
}

// `type/subtype` and optional parameters (`audio/ogg; codecs=opus`); anything else is sent as bytes.
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9_.-]+=("[^"\r\n]*"|[a-z0-9_.+-]+))*$/i;

export function safeContentType(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 200 && MIME.test(value.trim()) ? value.trim() : undefined;
}

export class CloudMediaApi {
  private readonly baseUrl: string;
  readonly maxBytes: number;

  constructor(private readonly options: CloudMediaOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES;
  }

  /** The media's bytes as a stream, `not_found` for an unknown or expired id; throws when Meta fails. */
  async fetch(mediaId: string): Promise<MediaFetch> {
    const timeout = this.options.timeoutMs ?? 15_000;
    const auth = { authorization: `Bearer ${this.options.accessToken}` };
    const infoUrl = `${this.baseUrl}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(this.options.phoneNumberId)}`;
    const infoResponse = await fetch(infoUrl, { headers: auth, signal: AbortSignal.timeout(timeout) });
    const info = (await readJson(infoResponse)) as MediaInfo | undefined;
    // Meta answers 400 with code 100 ("does not exist") for ids it does not know, has dropped, or that
    // belong to another number; any other 400 (a bad token…) is the operator's to see, not a 404.
    const code = info?.error?.code;
    if (infoResponse.status === 404 || (infoResponse.status === 400 && code === 100)) return { kind: 'not_found' };
    if (!infoResponse.ok) throw new GraphApiError(infoResponse.status, info);
    const url = typeof info?.url === 'string' ? parseHttpUrl(info.url) : undefined;
    if (!url) throw new GraphApiError(infoResponse.status, { error: 'media answer without a usable url' });
    const declared = Number(info?.file_size);
    if (Number.isFinite(declared) && declared > this.maxBytes) return { kind: 'too_large', size: declared, limit: this.maxBytes };

    const download = await fetch(url, { headers: auth, signal: AbortSignal.timeout(Math.max(timeout, 60_000)) });
    if (download.status === 404) {
      await download.body?.cancel();
      return { kind: 'not_found' };
    }
    if (!download.ok || !download.body) {
      const detail = await download.text().catch(() => '');
      throw new GraphApiError(download.status, detail.slice(0, 300));
    }
    const length = Number(download.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > this.maxBytes) {
      await download.body.cancel();
      return { kind: 'too_large', size: length, limit: this.maxBytes };
    }
    const contentType = safeContentType(info?.mime_type) ?? safeContentType(download.headers.get('content-type')) ?? 'application/octet-stream';
    const body = capped(this.maxBytes);
    // Either side failing (Meta cuts off, the officer goes away) ends both and cancels the download.
    pipeline(Readable.fromWeb(download.body as WebReadableStream<Uint8Array>), body, () => {});
    return { kind: 'ok', contentType, body };
  }
}

/** Passes bytes through and fails the stream past `limit` (a server that announced no length). */
function capped(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new Error(`media larger than ${limit} bytes`));
      else callback(null, chunk);
    },
  });
}

function parseHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
