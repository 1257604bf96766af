import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWidgetBundle } from '../../channels/webchat/widget/assets.js';
import { startServer, type TestServer } from './support/server.js';

const LIMIT = 30 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

it('the widget (JavaScript and CSS) stays within 30 KB gzipped, as served', async () => {
  const bundle = buildWidgetBundle();
  expect(bundle.gzip.length).toBeLessThanOrEqual(LIMIT);
  // The stylesheet is inside the one script; nothing else is downloaded.
  expect(bundle.js).toContain('.lyn-panel');
  expect(bundle.js).not.toContain('__LAYANI_CSS__');

  const response = await fetch(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
  expect(response.headers.get('content-type')).toMatch(/javascript/);
  const served = Buffer.from(await response.arrayBuffer());
  // fetch decodes gzip itself; what went over the wire was the gzipped bundle.
  expect(served.toString()).toBe(bundle.js);
  expect(gunzipSync(bundle.gzip).toString()).toBe(bundle.js);
  const revalidated = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': response.headers.get('etag')! } });
  expect(revalidated.status).toBe(304);
});

it('renders messages as text only', () => {
  const { js } = buildWidgetBundle();
  expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
});
