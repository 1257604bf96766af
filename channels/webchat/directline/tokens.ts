import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { BoundedMap } from '../../../bot/bounded-map.js';
import { owned } from '../../../bot/kept-strings.js';
import { DirectLineError } from './errors.js';

const ISSUER = 'layani';
const AUDIENCE = 'directline';

export interface IssuedToken {
  token: string;
  /** Seconds until the token expires (Direct Line's `expires_in`). */
  expiresIn: number;
}

/**
 * How many verified tokens are remembered (about 400 bytes each): enough for the conversations
 * writing at the same moment. A token not remembered is verified again, which costs a few µs.
 */
const VERIFIED_TOKENS = 1_000;

interface VerifiedToken {
  conv: string;
  exp: number;
  user?: unknown;
}

/** Who is calling: the holder of the Direct Line secret (any conversation) or of a conversation's token. */
export type Principal =
  | { kind: 'secret' }
  | { kind: 'token'; conversationId: string; userId?: string; token: string; expiresAt: number };

/**
 * Direct Line tokens: HMAC-signed JWTs (HS256) bound to one conversation (and to a user id when one is
 * known), expiring after `ttlSeconds`. Being JWTs, botframework-directlinejs can read the `user` claim
 * as it does with Azure's tokens.
 */
export class TokenService {
  /** Imported once: jose re-imports a raw Uint8Array key through WebCrypto on every sign and verify. */
  private readonly cryptoKey: Promise<CryptoKey>;
  /** Digest of the secret, computed once; each credential is hashed once to compare in constant time. */
  private readonly secretDigest: Buffer | undefined;
  private readonly rawKey: Uint8Array;
  /**
   * Tokens whose signature and claims were checked, by token: a conversation presents the same token
   * with every message, and checking it again (HMAC, two base64 and JSON decodes, and hashing it in case
   * it is the secret) was a tenth of a message's CPU. Only verified tokens enter, so a forged one never
   * matches; expiry is still checked on every use. Bounded, oldest first out.
   */
  private readonly verified = new BoundedMap<string, VerifiedToken>(VERIFIED_TOKENS);

  constructor(
    key: Uint8Array,
    private readonly ttlSeconds: number,
    secret: string | undefined,
  ) {
    this.cryptoKey = crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    this.secretDigest = secret ? createHash('sha256').update(secret).digest() : undefined;
    this.rawKey = key;
  }

  async issue(conversationId: string, userId?: string): Promise<IssuedToken> {
    const jwt = new SignJWT({ conv: conversationId, ...(userId ? { user: userId } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`);
    return { token: await jwt.sign(await this.cryptoKey), expiresIn: this.ttlSeconds };
  }

  /** Resolves a bearer credential; throws a 401 DirectLineError when it is missing, forged or expired. */
  async authenticate(credential: string | undefined): Promise<Principal> {
    if (!credential) {
      throw new DirectLineError(401, 'Unauthorized', 'Missing credentials: send "Authorization: Bearer <secret or token>"');
    }
    let payload = this.verified.get(credential);
    if (!payload) {
      if (this.isSecret(credential)) return { kind: 'secret' };
      payload = this.verifyHs256(credential);
      if (!payload) throw new DirectLineError(401, 'Unauthorized', 'Invalid token or secret');
      // Its own copy: a token from a stream's URL would otherwise keep the whole URL alive in the cache.
      this.verified.set(owned(credential), payload);
    }
    if (payload.exp * 1000 <= Date.now()) {
      throw new DirectLineError(401, 'TokenExpired', 'Token has expired: start a new conversation or get a new token');
    }
    return {
      kind: 'token',
      conversationId: payload.conv,
      ...(typeof payload.user === 'string' ? { userId: payload.user } : {}),
      token: credential,
      expiresAt: payload.exp * 1000,
    };
  }

  /** Checks an HS256 JWT synchronously with node:crypto (WebCrypto's async jobs cost ~10× more per call). */
  private verifyHs256(token: string): VerifiedToken | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, body, signature] = parts as [string, string, string];
    const expected = createHmac('sha256', this.rawKey).update(`${header}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (alg !== 'HS256' || claims.iss !== ISSUER || claims.aud !== AUDIENCE) return undefined;
      if (typeof claims.conv !== 'string' || typeof claims.exp !== 'number') return undefined;
      return { conv: claims.conv, exp: claims.exp, user: claims.user };
    } catch {
      return undefined;
    }
  }

  private isSecret(credential: string): boolean {
    if (!this.secretDigest) return false;
    // Compare digests so that the comparison takes the same time whatever the lengths.
    return timingSafeEqual(createHash('sha256').update(credential).digest(), this.secretDigest);
  }
}

/**
 * The token signing key: TOKEN_SIGNING_KEY when set; otherwise derived from DIRECTLINE_SECRET (so every
 * instance sharing the secret accepts the same tokens); otherwise random, and tokens die with the process.
 */
export function signingKey(options: { signingKey?: string; secret?: string }): { key: Uint8Array; ephemeral: boolean } {
  if (options.signingKey) return { key: new TextEncoder().encode(options.signingKey), ephemeral: false };
  if (options.secret) {
    return { key: createHmac('sha256', options.secret).update('layani/directline/token-signing').digest(), ephemeral: false };
  }
  return { key: randomBytes(32), ephemeral: true };
}

/** The credential of a request: the Authorization bearer, or the `t` query parameter of a stream URL. */
export function bearerOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
