/**
 * `@grantkit/server`: the Grantkit reference grants server. A Fetch API handler
 * (Hono) serving grant snapshots with ETag/304, deltas and a Server-Sent Events
 * change stream, the admin operations of the model, and audit; on embedded PGlite
 * or PostgreSQL, with several instances kept in step by LISTEN/NOTIFY.
 *
 * @example
 * ```ts
 * import { createGrantsApp, createHmacAuth, createPGliteStorage, listen } from '@grantkit/server';
 * const storage = await createPGliteStorage({ dataDir: './.data/pglite' });
 * await storage.ensureTenant('acme', world);
 * const auth = createHmacAuth({ secret: process.env.GRANTKIT_SECRET! });
 * const server = await listen(createGrantsApp({ storage, schema, authenticate: auth.authenticate }), { port: 4400 });
 * ```
 *
 * @packageDocumentation
 */

/**
 * Activity, notifications and lifecycle reads (MODEL W1, W4, W5, W7): the items
 * `GET /activity`, `GET /notifications` and `GET /lifecycle` answer.
 *
 * @example
 * ```ts
 * const page: Page<FeedItem> = await (await fetch('/activity?action=pause')).json();
 * const paused: LifecycleItem[] = await (await fetch('/lifecycle?type=engagement&state=paused&scope=all')).json();
 * ```
 */
export type {
  FeedFilter,
  FeedItem,
  LifecycleItem,
  NotificationItem,
  Page,
} from './activity/read.ts';
/**
 * The in-process API (`app.grants`): snapshot, apply, audit and syncUsers for a host's
 * server code in the same process, through the same code as the HTTP endpoints.
 *
 * @example
 * ```ts
 * const snapshot = await app.grants.snapshot('acme', 'ann'); // what GET /grants answers ann
 * const result: OpResult = await app.grants.apply('acme', 'sam', { op: 'setUser', args: { id: 'neo' } });
 * const trail = await app.grants.audit('acme', 'sam', { type: 'user', id: 'neo' } satisfies AuditRead);
 * const rows: SyncedUser[] = [{ id: 'ann', attributes: { dept: 'sales' }, managerId: 'bob' }, { id: 'bob' }];
 * await app.grants.syncUsers('acme', rows, { deactivateMissing: true });
 * const api: GrantsApi = app.grants;
 * ```
 */
export type { AuditRead, GrantsApi, OpResult, SyncedUser } from './api.ts';
/**
 * The grants server as a Fetch handler, and its options.
 *
 * @example
 * ```ts
 * const app: GrantsApp = createGrantsApp({ storage, schema, authenticate, heartbeatMs: 15_000 });
 * const res = await app.fetch(new Request('http://local/health'));
 * await app.close();
 * ```
 */
export {
  createGrantsApp,
  type ErrorContext,
  type GrantsApp,
  type GrantsAppOptions,
  type GrantsCorsOptions,
} from './app.ts';
/**
 * Authentication: the host's hook (`authenticate(request) → { tenant, userId, sessionId?,
 * expiresAt? } | null`) and the reference HMAC-signed tokens, with sessions that end
 * (expiry, `revoke`, the host's `isRevoked`).
 *
 * @example
 * ```ts
 * const auth: HmacAuth = createHmacAuth({ secret: 'a long random secret', ttlSeconds: 3600 });
 * const token = auth.sign({ tenant: 'acme', userId: 'ann' });
 * const who: VerifiedPrincipal | null = auth.verify(token);
 * // { tenant: 'acme', userId: 'ann', sessionId: 'kq…', expiresAt: 1767225600000 }
 * auth.revoke(token); // sign-out: every token of the session is refused from now on
 * const mine: Authenticate = async (request): Promise<Principal | null> =>
 *   (await mySession(request)) ?? null;
 * const ask: HmacAuthOptions['isRevoked'] = (c: SessionClaims) => revokedIds.has(c.sessionId!);
 * ```
 */
export {
  type Authenticate,
  createHmacAuth,
  type HmacAuth,
  type HmacAuthOptions,
  type Membership,
  type Principal,
  type SessionClaims,
  type VerifiedPrincipal,
} from './auth.ts';
/**
 * The JSON body of every error answer: `{ error: { code, message, rule?, field? } }`.
 *
 * @example
 * ```ts
 * const { error }: ErrorBody = await res.json();
 * if (error.code === 'rule') alert(error.message); // "MODEL A8: only a super admin may grant…"
 * ```
 */
export type { ErrorBody, ErrorCode } from './http/errors.ts';
/**
 * Thrown by `app.grants.audit` where the endpoint answers 403: the actor may not read it.
 *
 * @example
 * ```ts
 * try { await app.grants.audit('acme', 'bob', { all: true }); }
 * catch (e) { if (e instanceof GrantsForbiddenError) console.warn(e.message); }
 * ```
 */
export { GrantsForbiddenError } from './http/errors.ts';
/**
 * Ending event streams: which streams `app.endSessions(filter)` ends, and the `reason`
 * of the `event: end` a stream gets before the server closes it.
 *
 * @example
 * ```ts
 * const filter: SessionFilter = { tenant: 'acme', userId: 'ann' };
 * app.endSessions(filter); // every open stream of Ann ends now
 * es.addEventListener('end', (e) => {
 *   const { reason }: { reason: StreamEndReason } = JSON.parse(e.data); // 'expired' | 'revoked' | 'inactive'
 * });
 * ```
 */
export type { SessionFilter } from './http/grants.ts';
export { defaultWebhookUrlPolicy, type WebhookUrlPolicy } from './http/webhooks.ts';
/**
 * JWT access tokens of the host's identity provider (OIDC): verified with `jose` against
 * its JWKS (cached, refetched on key rotation) or a static key; issuer, audience, expiry
 * and clock skew; tenant and user from the claims you name.
 *
 * @example
 * ```ts
 * const jwt: JwtAuth = createJwtAuth({
 *   jwksUrl: 'https://id.example.com/.well-known/jwks.json',
 *   issuer: 'https://id.example.com/', audience: 'grantkit', tenantClaim: 'org_id',
 * } satisfies JwtAuthOptions);
 * const app = createGrantsApp({ storage, schema, authenticate: jwt.authenticate });
 * // a token listing several tenants: the request picks one
 * fetch('/grants', { headers: { authorization: `Bearer ${token}`, [TENANT_HEADER]: 'acme' } });
 * ```
 */
export { createJwtAuth, type JwtAuth, type JwtAuthOptions, TENANT_HEADER } from './jwt.ts';
/**
 * Serving a Fetch handler on Node's HTTP server (127.0.0.1 by default).
 *
 * @example
 * ```ts
 * const server: RunningServer = await listen(app, { port: 0 });
 * console.log(server.url); // http://127.0.0.1:39123
 * await server.close();
 * ```
 */
export { type ListenOptions, listen, type RunningServer } from './node.ts';
export {
  type ActivityQuery,
  type ActivityStore,
  type StoredNotification,
  type StoredWebhook,
  WebhookLimitError,
} from './storage/activity.ts';
/**
 * The data directory is held by another live process (the message names the directory,
 * pid and host).
 *
 * @example
 * ```ts
 * try { await createPGliteStorage({ dataDir }); } catch (e) {
 *   if (e instanceof DataDirLockedError) console.error(e.message, e.owner.pid);
 * }
 * ```
 */
export { DataDirLockedError, type LockOwner } from './storage/lock.ts';
/**
 * World checkpoints as the storages keep them: gzip-compressed JSON, packed in slices between
 * requests (`Storage.writeCheckpoint` takes a world or a `PackedWorld`).
 *
 * @example
 * ```ts
 * await storage.writeCheckpoint('acme', revision, await packWorld(world));
 * ```
 */
export { PackedWorld, packWorld, unpackWorld } from './storage/packed.ts';
/**
 * Embedded storage: PGlite in memory or in a data directory (the default).
 *
 * @example
 * ```ts
 * const storage = await createPGliteStorage({ dataDir: './.data/pglite' });
 * ```
 */
export { createPGliteStorage, type PGliteStorageOptions } from './storage/pglite.ts';
/**
 * PostgreSQL storage through `pg`, for several server instances on one database.
 *
 * @example
 * ```ts
 * const storage = await createPostgresStorage({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export { createPostgresStorage, type PostgresStorageOptions } from './storage/postgres.ts';
/**
 * The storage interface both implementations share, its audit records, its health report,
 * and its errors: `StorageUnavailableError` turns into `503`, `StorageInputError` into `400`,
 * `UnknownTenantError` (`app.grants.*` on a tenant storage does not hold) into `404`.
 *
 * @example
 * ```ts
 * await storage.ensureTenant('acme', world); // seeds a tenant once
 * const recent: StoredAudit[] = await storage.listAudit('acme', { limit: 20 } satisfies AuditQuery);
 * try { await storage.ping(); } catch (e) { if (e instanceof StorageUnavailableError) console.warn('db down'); }
 * const health: StorageHealth = await storage.health(); // { ok, checks: { database, writes, disk? } }
 * ```
 */
export {
  type AuditQuery,
  type HealthCheck,
  type Storage,
  type StorageHealth,
  StorageInputError,
  StorageUnavailableError,
  type StoredAudit,
  type UnavailableReason,
  UnknownTenantError,
} from './storage/types.ts';
/**
 * The `tenants` option of `createGrantsApp` (memory budget, idle timeout, eviction hook).
 *
 * @example
 * ```ts
 * const tenants: TenantMemoryOptions = { maxMemoryBytes: 256 * 2 ** 20, idleMs: 600_000,
 *   onEvict: (e: TenantEviction) => log.info(`evicted ${e.tenant} (${e.reason})`) };
 * ```
 */
export type { TenantEviction, TenantMemoryOptions } from './tenants/registry.ts';
export type { StreamEndReason } from './tenants/stream.ts';
/**
 * Webhooks (MODEL W6): checking a delivery on the receiving side, the body it carries and
 * the delivery worker's options (`webhooks` of `createGrantsApp`).
 *
 * @example
 * ```ts
 * const check = verifyWebhook(secret, request.headers, await request.text());
 * if (!check.ok) return new Response(check.reason, { status: 400 });
 * if (await seen(check.eventId)) return new Response(null, { status: 204 }); // a retry
 * const event: WebhookEvent = JSON.parse(body); // { id, tenant, action, actor, resource, … }
 * ```
 */
export { signWebhook, verifyWebhook, WEBHOOK_HEADERS } from './webhooks/sign.ts';
export type { WebhookEvent, WebhookWorkerOptions } from './webhooks/worker.ts';
