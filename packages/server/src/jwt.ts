/**
 * `createJwtAuth`: the host's OpenID Connect / OAuth sign-in, as the grants server's
 * `authenticate`. Access tokens (JWTs) are verified with `jose` against the provider's JWKS
 * (fetched, cached, refetched on an unknown key id: key rotation) or a static key, with
 * issuer, audience, expiry and clock skew; the tenant and user come from configurable claims.
 */
import type { CryptoKey, JWK, JWTPayload, KeyObject } from 'jose';
import { type Authenticate, bearerToken, type VerifiedPrincipal } from './auth.ts';

/** Options of {@link createJwtAuth}: a `jwksUrl` or a `key`, and what the tokens must say. */
export interface JwtAuthOptions {
  /** The provider's JWKS endpoint (`jwks_uri` of its `/.well-known/openid-configuration`). */
  readonly jwksUrl?: string | URL;
  /** A static verification key instead: a public JWK, a `CryptoKey`/`KeyObject`, or an HMAC secret's bytes. */
  readonly key?: JWK | CryptoKey | KeyObject | Uint8Array;
  /** The `iss` tokens must carry (one of these). Strongly advised. */
  readonly issuer?: string | readonly string[];
  /** The `aud` tokens must carry (one of these). Strongly advised. */
  readonly audience?: string | readonly string[];
  /** Accepted signature algorithms (default: those of the key; with a JWKS, RS256, PS256, ES256, EdDSA…). */
  readonly algorithms?: readonly string[];
  /** Tolerance for `exp`, `nbf` and `iat` between clocks, in seconds (default 30). */
  readonly clockSkewSeconds?: number;
  /** The claim holding the user's id (default `sub`). */
  readonly userClaim?: string;
  /** The claim holding the tenant (default `tenant`). */
  readonly tenantClaim?: string;
  /**
   * A claim listing the tenants the user belongs to (say `tenants`). When set, a request may
   * pick one with the `x-grantkit-tenant` header (or `?tenant=` on `GET /grants/stream`);
   * it must be listed. Without a pick, the `tenantClaim` is used, or the only one listed.
   */
  readonly tenantsClaim?: string;
  /** The claim holding the sign-in session, for `app.endSessions({ sessionId })` (default `sid`). */
  readonly sessionClaim?: string;
  /** JWKS caching: keep keys this long (default 10 min), refetch on an unknown `kid` at most this often (default 30 s), fetch timeout (default 5 s). */
  readonly jwks?: {
    readonly cacheMaxAgeMs?: number;
    readonly cooldownMs?: number;
    readonly timeoutMs?: number;
  };
  /** The clock, in milliseconds (tests). */
  readonly now?: () => number;
}

/** A JWT authenticator. */
export interface JwtAuth {
  /** Reads `Authorization: Bearer <jwt>` (or `?access_token=` on `GET /grants/stream`). */
  readonly authenticate: Authenticate;
  /**
   * Verifies a token: its principal, with `expiresAt` from `exp` (event streams end then),
   * or `null` when its signature, issuer, audience, expiry or claims are wrong. For a
   * tenants list, `tenant` picks one of it. Rejects only when the JWKS cannot be fetched.
   */
  verify(token: string, tenant?: string): Promise<VerifiedPrincipal | null>;
}

/** The header (and, for event streams, query parameter) that picks a tenant of a tenants list. */
export const TENANT_HEADER = 'x-grantkit-tenant';

const list = (v: string | readonly string[]): string | string[] =>
  typeof v === 'string' ? v : [...v];

/** `jose` is loaded on first use: hosts on HMAC tokens never load it. */
let jose: Promise<typeof import('jose')> | undefined;
const loadJose = () => {
  jose ??= import('jose');
  return jose;
};

/** The errors of a token that is not acceptable (401), as opposed to a JWKS outage. */
const REFUSED = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWK_INVALID',
]);

/**
 * JWT access tokens from the host's identity provider as the grants server's
 * `authenticate`: verified with `jose` against a JWKS URL (cached; an unknown key id
 * refetches it, so key rotation needs nothing) or a static key; `iss`, `aud`, `exp` (which
 * ends event streams, as with HMAC tokens) and `nbf` checked with a clock skew; the tenant
 * and user read from claims you name.
 *
 * @example
 * ```ts
 * const auth = createJwtAuth({
 *   jwksUrl: 'https://id.example.com/.well-known/jwks.json',
 *   issuer: 'https://id.example.com/',
 *   audience: 'grantkit',
 *   tenantClaim: 'org_id', // default 'tenant'
 *   userClaim: 'sub',
 * });
 * const app = createGrantsApp({ storage, schema, authenticate: auth.authenticate });
 * ```
 */
export function createJwtAuth(options: JwtAuthOptions): JwtAuth {
  const { jwksUrl, key } = options;
  if ((jwksUrl === undefined) === (key === undefined))
    throw new TypeError('createJwtAuth needs exactly one of jwksUrl (the JWKS endpoint) or key');
  const url = jwksUrl === undefined ? undefined : new URL(jwksUrl);
  if (
    url !== undefined &&
    url.protocol !== 'https:' &&
    !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname)
  )
    throw new TypeError(
      `jwksUrl must be https (got ${url.protocol}//${url.host}); plain http only on localhost`,
    );
  const skew = options.clockSkewSeconds ?? 30;
  if (!(skew >= 0)) throw new RangeError('clockSkewSeconds must be ≥ 0');
  const userClaim = options.userClaim ?? 'sub';
  const tenantClaim = options.tenantClaim ?? 'tenant';
  const sessionClaim = options.sessionClaim ?? 'sid';
  const now = options.now;

  type Verifier = Parameters<typeof import('jose')['jwtVerify']>[1];
  let keyOrSet: Promise<Verifier> | undefined;
  const verifier = async (): Promise<Verifier> => {
    keyOrSet ??= loadJose().then(async (j) => {
      if (url !== undefined)
        return j.createRemoteJWKSet(url, {
          cacheMaxAge: options.jwks?.cacheMaxAgeMs ?? 10 * 60_000,
          cooldownDuration: options.jwks?.cooldownMs ?? 30_000,
          timeoutDuration: options.jwks?.timeoutMs ?? 5000,
        }) as Verifier;
      const k = key!;
      if (k instanceof Uint8Array || typeof (k as { type?: unknown }).type === 'string')
        return k as Verifier;
      const jwk = k as JWK;
      return (await j.importJWK(jwk, jwk.alg ?? options.algorithms?.[0])) as Verifier;
    });
    keyOrSet.catch(() => {
      keyOrSet = undefined;
    });
    return keyOrSet;
  };

  const claim = (payload: JWTPayload, name: string): unknown => payload[name];

  const verify = async (token: string, picked?: string): Promise<VerifiedPrincipal | null> => {
    const j = await loadJose();
    const k = await verifier();
    let payload: JWTPayload;
    try {
      ({ payload } = await j.jwtVerify(token, k, {
        ...(options.issuer === undefined ? {} : { issuer: list(options.issuer) }),
        ...(options.audience === undefined ? {} : { audience: list(options.audience) }),
        ...(options.algorithms === undefined ? {} : { algorithms: [...options.algorithms] }),
        clockTolerance: skew,
        requiredClaims: ['exp'],
        ...(now === undefined ? {} : { currentDate: new Date(now()) }),
      }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && REFUSED.has(code)) return null;
      // A static key fetches nothing: any failure is the token's (finding J1: a header `alg`
      // of another family than the key, HS256 on an RSA key or PS256 on an RS256 one, threw
      // jose's TypeError out of `verify`)
      if (url === undefined) return null;
      throw error;
    }
    const userId = claim(payload, userClaim);
    if (typeof userId !== 'string' || userId === '') return null;
    let tenant: unknown = claim(payload, tenantClaim);
    let listed: string[] = [];
    if (options.tenantsClaim !== undefined) {
      const tenants = claim(payload, options.tenantsClaim);
      listed = Array.isArray(tenants) ? tenants.filter((t) => typeof t === 'string') : [];
      if (picked !== undefined) tenant = listed.includes(picked) ? picked : undefined;
      else if (tenant === undefined && listed.length === 1) tenant = listed[0];
    } else if (picked !== undefined && picked !== tenant) return null;
    if (typeof tenant !== 'string' || tenant === '') return null;
    const sessionId = claim(payload, sessionClaim);
    return {
      tenant,
      userId,
      sessionId: typeof sessionId === 'string' ? sessionId : undefined,
      expiresAt: payload.exp! * 1000,
      // MODEL W5: the person is the same user (`sub`) in every listed tenant.
      ...(listed.length === 0 ? {} : { tenants: listed.map((t) => ({ tenant: t, userId })) }),
    };
  };

  return {
    verify,
    async authenticate(request) {
      const token = bearerToken(request);
      if (token === null) return null;
      const url = new URL(request.url);
      const picked =
        request.headers.get(TENANT_HEADER) ??
        (url.pathname.endsWith('/grants/stream') ? url.searchParams.get('tenant') : null);
      return verify(token, picked ?? undefined);
    },
  };
}
