/**
 * The host's authentication hook and the reference signed-token implementation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a request is from: the tenant whose world it may see, and the user in it. */
export interface Principal {
  readonly tenant: string;
  readonly userId: string;
}

/** Resolves the caller of a request, or `null` (→ 401). Supplied by the host application. */
export type Authenticate = (request: Request) => Promise<Principal | null> | Principal | null;

/** Options of {@link createHmacAuth}. */
export interface HmacAuthOptions {
  /** The signing secret (at least 16 characters). */
  secret: string;
  /** Lifetime of signed tokens in seconds (default 3600). */
  ttlSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

/** A signed-token authenticator. */
export interface HmacAuth {
  /** Reads `Authorization: Bearer <token>` (or `?access_token=` on `GET /grants/stream`). */
  authenticate: Authenticate;
  /** Issues a token for a principal, valid for `ttlSeconds`. */
  sign(principal: Principal): string;
  /** Verifies a token: the principal, or `null` when tampered with, malformed or expired. */
  verify(token: string): Principal | null;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** The token of a request: the Bearer header, or `access_token` for event streams (EventSource sets no headers). */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const m = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m?.[1]) return m[1];
  const url = new URL(request.url);
  if (url.pathname.endsWith('/grants/stream')) return url.searchParams.get('access_token');
  return null;
}

/**
 * Signed tokens (HMAC-SHA256 over `{ tenant, userId, exp }`), checked in constant time
 * with their expiry. The reference implementation of the host's `authenticate` hook.
 *
 * @example
 * ```ts
 * const auth = createHmacAuth({ secret: process.env.GRANTKIT_SECRET!, ttlSeconds: 3600 });
 * const token = auth.sign({ tenant: 'acme', userId: 'ann' });
 * const app = createGrantsApp({ storage, schema, authenticate: auth.authenticate });
 * await app.fetch(new Request('http://x/grants', { headers: { authorization: `Bearer ${token}` } }));
 * ```
 */
export function createHmacAuth({
  secret,
  ttlSeconds = 3600,
  now = Date.now,
}: HmacAuthOptions): HmacAuth {
  if (typeof secret !== 'string' || secret.length < 16)
    throw new TypeError('createHmacAuth needs a secret of at least 16 characters');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const verify = (token: string): Principal | null => {
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims !== 'object' || claims === null) return null;
    const { t, u, exp } = claims as { t?: unknown; u?: unknown; exp?: unknown };
    if (typeof t !== 'string' || typeof u !== 'string' || typeof exp !== 'number') return null;
    if (exp * 1000 <= now()) return null;
    return { tenant: t, userId: u };
  };
  return {
    sign({ tenant, userId }) {
      const payload = b64(
        JSON.stringify({ t: tenant, u: userId, exp: Math.floor(now() / 1000) + ttlSeconds }),
      );
      return `${payload}.${b64(mac(payload))}`;
    },
    verify,
    authenticate(request) {
      const token = bearerToken(request);
      return token === null ? null : verify(token);
    },
  };
}
