/**
 * Who is calling. Members come with a short-lived JWT that the portal signs (a shared HS256
 * secret, or the portal's own key published as JWKS); the portal itself calls the admin API with
 * the server secret. Tokens travel only in the Authorization header, never in a URL.
 */
import { createHash, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { ServerConfig } from './config.js';

export interface Caller {
  readonly memberId: string;
  /** Test servers: the isolated space the token was minted for ('' otherwise). */
  readonly space: string;
  /** Seconds since the epoch when the token stops being valid. */
  readonly expiresAt: number;
}

/** A request without a valid member token: 401, and nothing about what was asked. */
export class UnauthenticatedError extends Error {
  constructor(message = 'Sign in again: the session token is missing, expired or not valid.') {
    super(message);
  }
}

export function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function isAdmin(request: IncomingMessage, config: ServerConfig): boolean {
  const token = bearer(request);
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  return token !== undefined && timingSafeEqual(digest(token), digest(config.adminSecret));
}

/** Verified tokens kept, so a client's many requests with one token are checked once. */
const CACHE_SIZE = 10_000;

export class TokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly verified = new Map<string, Caller>();

  constructor(private readonly config: ServerConfig) {
    // Made once: given a raw secret, jose would import it again on every verification.
    this.key = config.jwtSecret
      ? createSecretKey(Buffer.from(config.jwtSecret, 'utf8'))
      : createRemoteJWKSet(new URL(config.jwksUrl as string));
  }

  async verify(request: IncomingMessage): Promise<Caller> {
    const token = bearer(request);
    if (!token || token.length > 4096) throw new UnauthenticatedError();
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt * 1000 > Date.now()) return known;
      this.verified.delete(token);
      throw new UnauthenticatedError();
    }
    const caller = await this.check(token);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, caller);
    return caller;
  }

  private async check(token: string): Promise<Caller> {
    try {
      const options = {
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
        algorithms: this.config.jwtSecret ? ['HS256'] : ['RS256', 'ES256', 'EdDSA', 'PS256'],
        requiredClaims: ['sub', 'exp'],
      };
      const { payload } =
        this.key instanceof Promise
          ? await jwtVerify(token, await this.key, options)
          : await jwtVerify(token, this.key, options);
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || typeof payload.exp !== 'number') {
        throw new UnauthenticatedError();
      }
      const space = this.config.testMode && typeof payload.space === 'string' ? payload.space : '';
      return { memberId: payload.sub, expiresAt: payload.exp, space };
    } catch {
      throw new UnauthenticatedError();
    }
  }
}

/** Signs a member token with the shared secret: for development and tests (the portal does this in production). */
export async function mintToken(
  config: Pick<ServerConfig, 'jwtSecret' | 'jwtIssuer' | 'jwtAudience'>,
  memberId: string,
  expiresInSeconds = 3600,
  claims: Record<string, string> = {},
): Promise<string> {
  if (!config.jwtSecret) throw new Error('Minting needs CONV_JWT_SECRET.');
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(memberId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds);
  if (config.jwtIssuer) jwt = jwt.setIssuer(config.jwtIssuer);
  if (config.jwtAudience) jwt = jwt.setAudience(config.jwtAudience);
  return jwt.sign(new TextEncoder().encode(config.jwtSecret));
}
