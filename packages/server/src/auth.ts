/**
 * The host's authentication hook and the reference signed-token implementation, with
 * sessions that end: tokens expire, and a session can be revoked (sign-out).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who a request is from: the tenant whose world it may see, and the user in it.
 * `sessionId` and `expiresAt` are optional: with them, the server ends the caller's
 * event streams when the session is revoked (`endSessions`) or at `expiresAt`.
 */
export interface Principal {
  readonly tenant: string;
  readonly userId: string;
  /**
   * MODEL W5: every tenant this person belongs to under one identity, with their user id in
   * each (the current one included). `scope=all` reads (`GET /activity`, `/notifications`,
   * `/lifecycle`) merge these and nothing else. Absent: the current tenant only.
   */
  readonly tenants?: readonly Membership[] | undefined;
  /** The sign-in session the credentials belong to (for revocation). */
  readonly sessionId?: string | undefined;
  /** When the credentials stop being valid, in ms since the epoch. */
  readonly expiresAt?: number | undefined;
}

/**
 * One tenant a person belongs to and their user id in it (MODEL W5).
 *
 * @example
 * ```ts
 * const m: Membership = { tenant: 'px-mobile', userId: 'ann' };
 * ```
 */
export interface Membership {
  readonly tenant: string;
  readonly userId: string;
}

/** Most tenants one principal lists (MODEL W5). */
export const MAX_MEMBERSHIPS = 256;

/** The memberships `scope=all` merges: the principal's list, always with its current tenant. */
export function membershipsOf(p: Principal): Membership[] {
  const out: Membership[] = [{ tenant: p.tenant, userId: p.userId }];
  const seen = new Set([p.tenant]);
  for (const m of (p.tenants ?? []).slice(0, MAX_MEMBERSHIPS))
    if (!seen.has(m.tenant)) {
      seen.add(m.tenant);
      out.push({ tenant: m.tenant, userId: m.userId });
    }
  return out;
}

/**
 * Resolves the caller of a request, or `null` (→ 401). Supplied by the host application.
 * The server calls it again on open event streams (every `reauthenticateMs`): a stream
 * whose request no longer authenticates (expired, revoked, signed out) is closed.
 */
export type Authenticate = (request: Request) => Promise<Principal | null> | Principal | null;

/** What a host's revocation list is asked about (see {@link HmacAuthOptions.isRevoked}). */
export interface SessionClaims {
  readonly tenant: string;
  readonly userId: string;
  /** The token's session; `undefined` for tokens signed before sessions existed. */
  readonly sessionId: string | undefined;
  /** When the token was issued, in ms since the epoch (`undefined` for older tokens). */
  readonly issuedAt: number | undefined;
}

/** Options of {@link createHmacAuth}. */
export interface HmacAuthOptions {
  /** The signing secret (at least 16 characters). */
  secret: string;
  /** Lifetime of signed tokens in seconds (default 3600). */
  ttlSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
  /**
   * The host's own revocation list, asked on every verification besides `revoke`'s
   * in-memory one (which holds for this process only: with several server instances,
   * keep revocations in shared storage and answer them here).
   */
  isRevoked?: (claims: SessionClaims) => boolean;
}

/** A verified token: its principal, its session and its expiry. */
export interface VerifiedPrincipal extends Principal {
  readonly sessionId: string | undefined;
  readonly expiresAt: number;
}

/** A signed-token authenticator. */
export interface HmacAuth {
  /** Reads `Authorization: Bearer <token>` (or `?access_token=` on the event streams). */
  authenticate: Authenticate;
  /**
   * Issues a token for a principal, valid for `ttlSeconds`, in the session
   * `principal.sessionId` (a new random session when omitted).
   */
  sign(principal: Principal): string;
  /**
   * Verifies a token: its principal, or `null` when tampered with (any byte, including a
   * non-canonical base64url encoding), malformed, expired or revoked.
   */
  verify(token: string): VerifiedPrincipal | null;
  /**
   * Revokes a session: given a token, its session (or, for a token without one, that
   * token); given anything else, the session with that id. Every token of the session
   * fails `verify` from now on, and open event streams end at the next re-authentication.
   */
  revoke(tokenOrSessionId: string): void;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
/** Strict base64url: the alphabet only, no padding, and the one canonical encoding of its bytes. */
const canonical = (s: string): Buffer | null => {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const bytes = Buffer.from(s, 'base64url');
  return bytes.toString('base64url') === s ? bytes : null;
};

/** The token of a request: the Bearer header, or `access_token` for event streams (EventSource sets no headers). */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const m = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m?.[1]) return m[1];
  const url = new URL(request.url);
  if (url.pathname.endsWith('/grants/stream') || url.pathname.endsWith('/notifications/stream'))
    return url.searchParams.get('access_token');
  return null;
}

/**
 * Signed tokens (HMAC-SHA256 over `{ tenant, userId, session, iat, exp }`), checked in
 * constant time with their expiry and revocation; both parts must be canonical base64url.
 * The reference implementation of the host's `authenticate` hook.
 *
 * @example
 * ```ts
 * const auth = createHmacAuth({ secret: process.env.GRANTKIT_SECRET!, ttlSeconds: 3600 });
 * const token = auth.sign({ tenant: 'acme', userId: 'ann' });
 * const app = createGrantsApp({ storage, schema, authenticate: auth.authenticate });
 * await app.fetch(new Request('http://x/grants', { headers: { authorization: `Bearer ${token}` } }));
 * // sign-out: the token (and every other token of its session) stops working,
 * // and the session's event streams end
 * auth.revoke(token);
 * app.endSessions({ tenant: 'acme', sessionId: auth.verify(otherToken)?.sessionId });
 * ```
 */
export function createHmacAuth({
  secret,
  ttlSeconds = 3600,
  now = Date.now,
  isRevoked,
}: HmacAuthOptions): HmacAuth {
  if (typeof secret !== 'string' || secret.length < 16)
    throw new TypeError('createHmacAuth needs a secret of at least 16 characters');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  /** Revoked sessions (`s:<id>`) and session-less tokens (`t:<signature>`) → forget after (ms). */
  const revoked = new Map<string, number>();
  const forget = () => {
    const t = now();
    for (const [key, until] of revoked) if (until <= t) revoked.delete(key);
  };

  /** The claims of a well-signed token, expired or not; `null` when tampered with or malformed. */
  const open = (token: string) => {
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
    const payload = token.slice(0, dot);
    const signature = token.slice(dot + 1);
    const given = canonical(signature);
    const bytes = canonical(payload);
    const expected = mac(payload);
    // constant time over the signature bytes; a non-canonical encoding never matches
    if (given === null || bytes === null || given.length !== expected.length) return null;
    if (!timingSafeEqual(given, expected)) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(bytes.toString('utf8'));
    } catch {
      return null;
    }
    if (typeof claims !== 'object' || claims === null) return null;
    const { t, u, exp, s, iat, m } = claims as Record<string, unknown>;
    if (typeof t !== 'string' || typeof u !== 'string' || typeof exp !== 'number') return null;
    let tenants: Membership[] | undefined;
    if (m !== undefined) {
      if (!Array.isArray(m) || m.length > MAX_MEMBERSHIPS) return null;
      tenants = [];
      for (const x of m) {
        if (!Array.isArray(x) || typeof x[0] !== 'string' || typeof x[1] !== 'string') return null;
        tenants.push({ tenant: x[0], userId: x[1] });
      }
    }
    if (s !== undefined && typeof s !== 'string') return null;
    if (iat !== undefined && typeof iat !== 'number') return null;
    return { tenant: t, userId: u, exp, sessionId: s, iat, signature, tenants };
  };

  const verify = (token: string): VerifiedPrincipal | null => {
    const c = open(token);
    if (c === null || c.exp * 1000 <= now()) return null;
    if (revoked.size > 0) {
      forget();
      if (revoked.has(c.sessionId === undefined ? `t:${c.signature}` : `s:${c.sessionId}`))
        return null;
    }
    const { tenant, userId, sessionId } = c;
    const issuedAt = c.iat === undefined ? undefined : c.iat * 1000;
    if (isRevoked?.({ tenant, userId, sessionId, issuedAt })) return null;
    return {
      tenant,
      userId,
      sessionId,
      expiresAt: c.exp * 1000,
      ...(c.tenants === undefined ? {} : { tenants: c.tenants }),
    };
  };

  return {
    sign({ tenant, userId, sessionId = b64(randomBytes(12)), tenants }) {
      const iat = Math.floor(now() / 1000);
      if (tenants !== undefined && tenants.length > MAX_MEMBERSHIPS)
        throw new TypeError(`a token lists at most ${MAX_MEMBERSHIPS} tenants`);
      const m = tenants?.map((x) => [x.tenant, x.userId]);
      const payload = b64(
        JSON.stringify({ t: tenant, u: userId, s: sessionId, iat, exp: iat + ttlSeconds, m }),
      );
      return `${payload}.${b64(mac(payload))}`;
    },
    verify,
    revoke(tokenOrSessionId) {
      const c = open(tokenOrSessionId);
      // a token's session outlives the token: keep the revocation one lifetime past now
      const until = Math.max(now() + ttlSeconds * 1000, (c?.exp ?? 0) * 1000);
      if (c === null) revoked.set(`s:${tokenOrSessionId}`, until);
      else revoked.set(c.sessionId === undefined ? `t:${c.signature}` : `s:${c.sessionId}`, until);
    },
    authenticate(request) {
      const token = bearerToken(request);
      return token === null ? null : verify(token);
    },
  };
}
