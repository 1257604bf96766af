import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { DirectLineError } from './errors.js';

const ISSUER = 'layani';
const AUDIENCE = 'directline';

export interface IssuedToken {
  token: string;
  /** Seconds until the token expires (Direct Line's `expires_in`). */
  expiresIn: number;
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
  constructor(
    private readonly key: Uint8Array,
    private readonly ttlSeconds: number,
    private readonly secret: string | undefined,
  ) {}

  async issue(conversationId: string, userId?: string): Promise<IssuedToken> {
    const jwt = new SignJWT({ conv: conversationId, ...(userId ? { user: userId } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`);
    return { token: await jwt.sign(this.key), expiresIn: this.ttlSeconds };
  }

  /** Resolves a bearer credential; throws a 401 DirectLineError when it is missing, forged or expired. */
  async authenticate(credential: string | undefined): Promise<Principal> {
    if (!credential) {
      throw new DirectLineError(401, 'Unauthorized', 'Missing credentials: send "Authorization: Bearer <secret or token>"');
    }
    if (this.isSecret(credential)) return { kind: 'secret' };
    try {
      const { payload } = await jwtVerify(credential, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.conv !== 'string' || typeof payload.exp !== 'number') throw new errors.JWTInvalid('missing claims');
      return {
        kind: 'token',
        conversationId: payload.conv,
        ...(typeof payload.user === 'string' ? { userId: payload.user } : {}),
        token: credential,
        expiresAt: payload.exp * 1000,
      };
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        throw new DirectLineError(401, 'TokenExpired', 'Token has expired: start a new conversation or get a new token');
      }
      throw new DirectLineError(401, 'Unauthorized', 'Invalid token or secret');
    }
  }

  private isSecret(credential: string): boolean {
    if (!this.secret) return false;
    // Compare digests so that the comparison takes the same time whatever the lengths.
    const a = createHash('sha256').update(credential).digest();
    const b = createHash('sha256').update(this.secret).digest();
    return timingSafeEqual(a, b);
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
