import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const here = new URL('./', import.meta.url);

export interface WidgetBundle {
  js: string;
  gzip: Buffer;
  etag: string;
}

/** /widget.js: the widget script with its stylesheet inlined, so one request brings everything. */
export function buildWidgetBundle(): WidgetBundle {
  const css = readFileSync(new URL('widget.css', here), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const source = readFileSync(new URL('widget.js', here), 'utf8');
  if (!source.includes("'__LAYANI_CSS__'")) throw new Error('widget.js lost its CSS placeholder');
  const js = source.replace("'__LAYANI_CSS__'", () => JSON.stringify(css));
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${createHash('sha256').update(js).digest('base64url').slice(0, 16)}"` };
}

export function demoPage(): string {
  return readFileSync(new URL('demo.html', here), 'utf8');
}
