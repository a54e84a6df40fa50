/**
 * The grants server as a Fetch API handler (Request → Response) on Hono.
 */
import { readableActivity } from '@grantkit/core';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { currentLives } from './activity/lifetimes.ts';
import { createGrantsApi, type GrantsApi } from './api.ts';
import type { Authenticate, Principal } from './auth.ts';
import { activityHandlers, MARK_READ_BODY_BYTES } from './http/activity.ts';
import { limitBody } from './http/body-limit.ts';
import { errorResponse, isExpectedError, responseForError } from './http/errors.ts';
import { getGrants, type SessionFilter, StreamSessions } from './http/grants.ts';
import { notificationStream } from './http/notify-stream.ts';
import { postOp } from './http/ops.ts';
import { getRead, tenantAdmin } from './http/reads.ts';
import { checkQuery, requestIdOf } from './http/validate.ts';
import {
  defaultWebhookUrlPolicy,
  WEBHOOK_BODY_BYTES,
  type WebhookUrlPolicy,
  webhookRoute,
} from './http/webhooks.ts';
import type { Storage, StorageHealth } from './storage/types.ts';
import type { ModelSchema } from './tenants/engine.ts';
import { type Tenant, type TenantMemoryOptions, TenantRegistry } from './tenants/registry.ts';
import {
  startWebhookWorker,
  type WebhookEvent,
  type WebhookWorkerOptions,
} from './webhooks/worker.ts';

/** Options of {@link createGrantsApp}. */
export interface GrantsAppOptions {
  /** Where tenants live: `createPGliteStorage()` or `createPostgresStorage()`. */
  storage: Storage;
  /** The host's schema (`defineSchema(...)` or `loadSchema(json)`); every tenant's world follows it. */
  schema: ModelSchema;
  /** The host's authentication: the caller's tenant and user, or `null` (→ 401). */
  authenticate: Authenticate;
  /** `maxStale` written into snapshots, in seconds (default 3600). */
  maxStaleSeconds?: number;
  /** Interval of `: hb` comments on event streams, in ms (default 15000). */
  heartbeatMs?: number;
  /**
   * How often `authenticate` runs again on each open event stream, in ms (default 5000):
   * a stream whose request no longer authenticates (revoked, signed out) is ended.
   * Streams also end at the principal's `expiresAt` and when the user is deactivated.
   */
  reauthenticateMs?: number;
  /** Largest accepted request body in bytes (default 256 KiB); larger → 413. */
  bodyLimitBytes?: number;
  /** Store a world checkpoint every this many ops (default 1000). */
  checkpointEvery?: number;
  /**
   * How many tenants stay in memory: an estimated-size budget (`maxMemoryBytes`, default
   * 512 MiB, least recently used evicted first) and an idle timeout (`idleMs`, default
   * 15 min). A tenant with a request in progress or an open event stream is never evicted;
   * an evicted one reloads from its latest checkpoint and the ops after it.
   */
  tenants?: TenantMemoryOptions;
  /**
   * Where the app is mounted, e.g. `/grantkit`: every route is served under it (`/grantkit/grants`,
   * `/grantkit/ops/share`, `/grantkit/health`) and anything outside it answers 404, so a host
   * forwards requests unchanged. Default: the root.
   */
  basePath?: string;
  /**
   * Cross-origin access for browsers on other origins (Hono's `cors` middleware): the
   * allowed origins (a list, one origin, or a function returning the origin to allow or
   * `null`), and whether credentials (cookies) may be sent. Preflights (`OPTIONS`) are
   * answered before authentication. Without it no CORS header is sent (same origin only).
   */
  cors?: GrantsCorsOptions;
  /**
   * Called with every unexpected error (a bug, not a refusal or bad input), with the
   * request it happened in when there is one (default `console.error` with the request id).
   */
  onError?: (error: unknown, context?: ErrorContext) => void;
  /**
   * Webhook delivery (MODEL W6): the worker's timing, which URLs may be registered (default
   * `https:` anywhere, `http:` to loopback only), and `worker: false` for a process that
   * must not deliver (another process does).
   */
  webhooks?: WebhookWorkerOptions & { allowUrl?: WebhookUrlPolicy; worker?: boolean };
}

/**
 * The `cors` option of {@link createGrantsApp}.
 *
 * @example
 * ```ts
 * createGrantsApp({ storage, schema, authenticate,
 *   cors: { origin: ['https://app.example.com'], credentials: true, maxAgeSeconds: 600 } });
 * ```
 */
export interface GrantsCorsOptions {
  /** Origins allowed to call the server; a function returns the origin to allow, or `null`. */
  readonly origin: string | readonly string[] | ((origin: string) => string | null | undefined);
  /** Send `Access-Control-Allow-Credentials: true` (cookies, `withCredentials` streams). */
  readonly credentials?: boolean;
  /** How long browsers may cache a preflight answer, in seconds (default 600). */
  readonly maxAgeSeconds?: number;
}

/** Request headers the grants protocol uses, allowed on cross-origin requests. */
const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'if-none-match',
  'last-event-id',
  'x-request-id',
  // createJwtAuth's pick of a tenant from a token's tenants list
  'x-grantkit-tenant',
];
/** Answer headers a cross-origin client reads. */
const CORS_EXPOSE_HEADERS = ['etag', 'x-request-id', 'retry-after', 'www-authenticate'];

/**
 * The answer to `HEAD` on an event stream: its headers, and no stream opened. Hono answers
 * `HEAD` with the `GET` handler and drops the body unread, so a stream opened for it would
 * never be cancelled and would stay registered (its tenant held) after the answer.
 */
const streamHead = (): Response =>
  new Response(null, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
    },
  });

/** `/grantkit/` → `/grantkit`; refuses what is not an absolute path. */
function normaliseBasePath(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return '';
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path) || path.includes('//'))
    throw new TypeError(
      `basePath must be an absolute URL path such as "/grantkit" (got ${JSON.stringify(path)})`,
    );
  return path.replace(/\/+$/, '');
}

/**
 * The request an unexpected error happened in: its id (the `x-request-id` answer header).
 *
 * @example
 * ```ts
 * createGrantsApp({ storage, schema, authenticate, onError: (error, at) => log.error({ requestId: at?.requestId, error }) });
 * ```
 */
export interface ErrorContext {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
}

/** A running grants app: a Fetch handler plus `close()`. */
export interface GrantsApp {
  /** Answers one request. */
  fetch(request: Request): Promise<Response>;
  /**
   * The server's operations in process, through the same code as the endpoints: a host's
   * server code renders from `grants.snapshot(tenant, user)`, runs `grants.apply(tenant,
   * actor, op)`, reads `grants.audit(...)` and mirrors its users with `grants.syncUsers`.
   */
  readonly grants: GrantsApi;
  /** Closes event streams and stops listening for changes (the storage stays open). */
  close(): Promise<void>;
  /**
   * Ends open event streams now: every stream of `userId`, or those of one session
   * (`sessionId`), in `tenant`. Returns how many ended. Call it on sign-out.
   */
  endSessions(filter: SessionFilter): number;
}

type Env = { Variables: { principal: Principal; tenant: Tenant; requestId: string } };

/**
 * The grants server as a Fetch API handler, independent of any runtime: snapshots with
 * ETag/304 and deltas, an SSE change stream, admin ops, audit and read views, health.
 * Seed tenants with `storage.ensureTenant(id, world)`; serve it on Node with `listen`.
 *
 * @example
 * ```ts
 * const storage = await createPGliteStorage();
 * await storage.ensureTenant('acme', world);
 * const auth = createHmacAuth({ secret: 'a long random secret value' });
 * const app = createGrantsApp({ storage, schema: loadSchema(json), authenticate: auth.authenticate });
 * const res = await app.fetch(new Request('http://local/grants', {
 *   headers: { authorization: `Bearer ${auth.sign({ tenant: 'acme', userId: 'ann' })}` },
 * }));
 * ```
 */
export function createGrantsApp(options: GrantsAppOptions): GrantsApp {
  const { storage, authenticate } = options;
  const onError =
    options.onError ??
    ((e: unknown, at?: ErrorContext) =>
      console.error(
        '[grantkit/server]',
        at === undefined ? '' : `request ${at.requestId} ${at.method} ${at.path}:`,
        e,
      ));
  const registry = new TenantRegistry({
    storage,
    schema: options.schema,
    checkpointEvery: options.checkpointEvery ?? 1000,
    maxStale: options.maxStaleSeconds ?? 3600,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    ...options.tenants,
  });
  const basePath = normaliseBasePath(options.basePath);
  const root = new Hono<Env>();
  const app = basePath === '' ? root : root.basePath(basePath);
  const sessions = new StreamSessions(
    (tenant) => registry.peek(tenant)?.streams,
    authenticate,
    options.reauthenticateMs ?? 5000,
    onError,
  );

  const contextOf = (c: Context<Env>): ErrorContext => ({
    requestId: c.get('requestId') ?? requestIdOf(c.req.raw),
    method: c.req.method,
    path: c.req.path,
  });
  // Every error a handler throws lands here (those inside the tenant engine's apply too):
  // the answer is chosen by its type; an unexpected one is logged with the request id.
  root.onError((error, c) => {
    if (!isExpectedError(error)) onError(error, contextOf(c));
    return responseForError(error);
  });
  root.notFound(() =>
    errorResponse(
      'not_found',
      `no such endpoint${basePath === '' ? '' : ` (the server is under ${basePath})`}`,
    ),
  );

  // First: a request id on every answer, and a bounded, well-formed query string.
  app.use('*', async (c, next) => {
    const requestId = requestIdOf(c.req.raw);
    c.set('requestId', requestId);
    const issue = checkQuery(new URL(c.req.url));
    if (issue !== undefined) {
      const res = errorResponse('invalid', issue.message, { field: issue.field });
      res.headers.set('x-request-id', requestId);
      return res;
    }
    await next();
    c.res.headers.set('x-request-id', requestId);
  });

  // Cross-origin: preflights are answered here, before authentication.
  if (options.cors !== undefined) {
    const { origin, credentials, maxAgeSeconds } = options.cors;
    app.use(
      '*',
      cors({
        origin:
          typeof origin === 'function'
            ? (o: string) => origin(o) ?? null
            : typeof origin === 'string'
              ? origin
              : [...origin],
        allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: CORS_ALLOW_HEADERS,
        exposeHeaders: CORS_EXPOSE_HEADERS,
        maxAge: maxAgeSeconds ?? 600,
        ...(credentials === undefined ? {} : { credentials }),
      }),
    );
  }
  // Never behind authentication: a preflight carries no credentials.
  app.options(
    '*',
    () => new Response(null, { status: 204, headers: { allow: 'GET, POST, DELETE, OPTIONS' } }),
  );

  // Bounded (every storage check has a deadline); a 503 names the failing check.
  app.get('/health', async (c) => {
    const { ok, checks } = await storage.health().catch(
      (error: unknown): StorageHealth => ({
        ok: false,
        checks: { database: { ok: false, message: String(error) } },
      }),
    );
    if (ok) return c.json({ ok, storage: storage.kind, checks });
    const failed = Object.keys(checks).filter((k) => !checks[k]?.ok);
    return c.json({ ok, storage: storage.kind, failed, checks }, 503, { 'retry-after': '1' });
  });

  app.use('*', async (c, next) => {
    let principal: Principal | null = null;
    try {
      principal = await authenticate(c.req.raw);
    } catch (error) {
      onError(error, contextOf(c));
    }
    if (principal === null)
      return errorResponse('unauthenticated', 'sign in: send Authorization: Bearer <token>', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    // Held (not evictable) until the answer is ready; open streams hold it after that.
    const lease = await registry.acquire(principal.tenant);
    if (lease === null) return errorResponse('not_found', `unknown tenant "${principal.tenant}"`);
    c.set('principal', principal);
    c.set('tenant', lease.tenant);
    try {
      await next();
    } finally {
      lease.release();
    }
  });

  app.get('/grants', (c) => getGrants(c.var.tenant, c.req.raw, c.var.principal.userId));
  app.get('/grants/stream', (c) =>
    c.req.method === 'HEAD'
      ? streamHead()
      : sessions.open(c.var.tenant, c.req.raw, c.var.principal),
  );
  // Every body is bounded while it is read (a streamed one too), never read whole first.
  const bounded = (maxSize: number) =>
    limitBody({
      maxSize,
      onError: () =>
        errorResponse(
          'too_large',
          `the body is larger than ${maxSize} bytes`,
          // The rest of the body is not read: the connection cannot be reused.
          { headers: { connection: 'close' } },
        ),
    });
  app.post('/ops/:op', bounded(options.bodyLimitBytes ?? 256 * 1024), (c) =>
    postOp(c.var.tenant, c.req.raw, c.var.principal.userId, c.req.param('op')),
  );
  const read = async (c: { var: Env['Variables']; req: { raw: Request; path: string } }) =>
    (await getRead(
      c.var.tenant,
      storage,
      c.req.raw,
      c.var.principal.userId,
      c.req.path.slice(basePath.length),
    )) ?? errorResponse('not_found', 'no such endpoint');
  app.get('/world/:view', read);
  app.get('/audit', read);
  app.get('/audit/all', read);
  const hooks = (c: Context<Env>) =>
    webhookRoute(
      c.var.principal.tenant,
      c.var.tenant,
      storage,
      c.req.raw,
      c.var.principal.userId,
      c.req.param('id'),
      options.webhooks?.allowUrl ?? defaultWebhookUrlPolicy,
    );
  const activity = activityHandlers(registry, storage);
  app.get('/activity', (c) => activity.activity(c.req.raw, c.var.principal));
  app.get('/notifications/stream', (c) =>
    c.req.method === 'HEAD'
      ? streamHead()
      : notificationStream(registry, c.req.raw, c.var.principal, {
          authenticate,
          reauthenticateMs: options.reauthenticateMs ?? 5000,
          heartbeatMs: options.heartbeatMs ?? 15_000,
        }),
  );
  app.get('/notifications', (c) => activity.notifications(c.req.raw, c.var.principal));
  app.post('/notifications/read', bounded(MARK_READ_BODY_BYTES), (c) =>
    activity.markRead(c.req.raw, c.var.principal),
  );
  app.get('/watches', (c) => activity.watches(c.req.raw, c.var.principal));
  app.get('/lifecycle', (c) => activity.lifecycle(c.req.raw, c.var.principal));
  app.get('/webhooks', hooks);
  app.post('/webhooks', bounded(WEBHOOK_BODY_BYTES), hooks);
  app.delete('/webhooks/:id', hooks);
  const worker =
    options.webhooks?.worker === false
      ? undefined
      : startWebhookWorker(
          storage,
          options.webhooks ?? {},
          (e) => onError(e),
          async (tenant, registrant, event) => {
            const lease = await registry.acquire(tenant);
            if (lease === null) return null;
            try {
              await lease.tenant.engine.ready();
              const model = lease.tenant.engine.model;
              // An event about an earlier life of a re-created id is not about what they view now.
              const [current] = await currentLives(storage, tenant, model.getUser(registrant), [
                event,
              ]);
              if (current === undefined) return null;
              const [seen] = readableActivity(model, registrant, [event]);
              return seen === undefined ? null : (seen as WebhookEvent);
            } finally {
              lease.release();
            }
          },
        );

  return {
    fetch: async (request) => root.fetch(request),
    grants: createGrantsApi(registry, storage, tenantAdmin),
    close: async () => {
      await worker?.stop();
      await registry.close();
    },
    endSessions: (filter) => sessions.end(filter),
  };
}
