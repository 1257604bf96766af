import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenService, signingKey } from '../../channels/webchat/directline/tokens.js';

const SECRET = 'a-direct-line-secret-of-some-length';

function service(ttlSeconds = 60) {
  return new TokenService(signingKey({ secret: SECRET }).key, ttlSeconds, SECRET);
}

afterEach(() => vi.useRealTimers());

describe('TokenService', () => {
  it('accepts its own token again and again, and the secret', async () => {
    const tokens = service();
    const { token } = await tokens.issue('conv-1', 'dl_user');
    for (let i = 0; i < 3; i++) {
      expect(await tokens.authenticate(token)).toMatchObject({ kind: 'token', conversationId: 'conv-1', userId: 'dl_user' });
    }
    expect(await tokens.authenticate(SECRET)).toEqual({ kind: 'secret' });
  });

  it('refuses a token altered after a genuine one was accepted, and one signed with another key', async () => {
    const tokens = service();
    const { token } = await tokens.issue('conv-1');
    await tokens.authenticate(token);
    const [header, body, signature] = token.split('.') as [string, string, string];
    const otherConversation = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), conv: 'conv-2' })).toString('base64url');
    await expect(tokens.authenticate(`${header}.${otherConversation}.${signature}`)).rejects.toMatchObject({ statusCode: 401 });
    await expect(tokens.authenticate(`${token}x`)).rejects.toMatchObject({ statusCode: 401 });
    const stranger = new TokenService(signingKey({ secret: 'another-secret-entirely-0123' }).key, 60, undefined);
    await expect(stranger.authenticate(token)).rejects.toMatchObject({ statusCode: 401 });
  });

  it('refuses a token once it has expired, even one accepted before', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T03:00:00Z'), toFake: ['Date'] });
    const tokens = service(60);
    const { token } = await tokens.issue('conv-1');
    expect(await tokens.authenticate(token)).toMatchObject({ kind: 'token' });
    vi.setSystemTime(new Date('2026-11-23T03:01:01Z'));
    await expect(tokens.authenticate(token)).rejects.toMatchObject({ statusCode: 401, code: 'TokenExpired' });
  });
});
