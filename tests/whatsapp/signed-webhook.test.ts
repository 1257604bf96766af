import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedWebhook, verifySignature, type SignatureScheme } from '../../channels/shared/signed-webhook.js';
import { sign } from './support/cloud-payloads.js';

const scheme: SignatureScheme = { header: 'x-hub-signature-256', algorithm: 'sha256', prefix: 'sha256=', secret: 'shh-0123456789' };

describe('verifySignature', () => {
  const raw = Buffer.from('{"a":1}');
  it('accepts the HMAC of exactly these bytes', () => {
    expect(verifySignature(raw, sign('{"a":1}', scheme.secret), scheme)).toBe(true);
    expect(verifySignature(raw, sign('{"a":1}', scheme.secret).toUpperCase().replace('SHA256=', 'sha256='), scheme)).toBe(true);
  });
  it('refuses other bytes, other secrets, wrong prefixes, truncated or missing signatures', () => {
    expect(verifySignature(Buffer.from('{"a": 1}'), sign('{"a":1}', scheme.secret), scheme)).toBe(false);
    expect(verifySignature(raw, sign('{"a":1}', 'other-secret'), scheme)).toBe(false);
    expect(verifySignature(raw, sign('{"a":1}', scheme.secret).replace('sha256=', 'sha1='), scheme)).toBe(false);
    expect(verifySignature(raw, sign('{"a":1}', scheme.secret).slice(0, -2), scheme)).toBe(false);
    expect(verifySignature(raw, 'sha256=not-hex', scheme)).toBe(false);
    expect(verifySignature(raw, undefined, scheme)).toBe(false);
    expect(verifySignature(raw, sign('{"a":1}', ''), { ...scheme, secret: '' })).toBe(false);
  });
});

describe('signedWebhook', () => {
  const app = Fastify();
  const received: unknown[] = [];
  beforeAll(async () => {
    await app.register(signedWebhook({ url: '/hook', scheme, bodyLimit: 1024, handler: async (body, _req, reply) => { received.push(body); return reply.send({ ok: true }); } }));
    // A sibling route keeps the normal JSON parser.
    app.post('/plain', async (request) => request.body);
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (payload: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: '/hook', payload, headers });

  it('runs the handler for a signed JSON body', async () => {
    const body = '{"hello":"dunia"}';
    const res = await post(body, { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, scheme.secret) });
    expect(res.statusCode).toBe(200);
    expect(received.at(-1)).toEqual({ hello: 'dunia' });
  });

  it('refuses a missing or forged signature with 401 before parsing, whatever the content type', async () => {
    const before = received.length;
    const body = '{"hello":"dunia"}';
    expect((await post(body, { 'content-type': 'application/json' })).statusCode).toBe(401);
    expect((await post(body, { 'content-type': 'application/json', 'x-hub-signature-256': sign('{}', scheme.secret) })).statusCode).toBe(401);
    expect((await post('not json', { 'content-type': 'text/plain' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/hook' })).statusCode).toBe(401);
    expect(received.length).toBe(before);
  });

  it('answers 400 to a signed body that is not JSON, 413 to one too large', async () => {
    expect((await post('nope', { 'content-type': 'application/json', 'x-hub-signature-256': sign('nope', scheme.secret) })).statusCode).toBe(400);
    const big = JSON.stringify({ x: 'a'.repeat(2000) });
    expect((await post(big, { 'content-type': 'application/json', 'x-hub-signature-256': sign(big, scheme.secret) })).statusCode).toBe(413);
  });

  it('leaves other routes with the default parser', async () => {
    const res = await app.inject({ method: 'POST', url: '/plain', payload: { a: 1 } });
    expect(res.json()).toEqual({ a: 1 });
  });
});
