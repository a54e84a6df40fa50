/**
 * `GET /activity`, `GET /notifications`, `POST /notifications/read`, `GET /watches` and
 * `GET /lifecycle` (MODEL W1–W5, W7). Watches change through the generic ops route
 * (`POST /ops/watch`, `/ops/unwatch`). `scope=all` merges the caller's tenants (W5,
 * `Principal.tenants`), each item naming its tenant.
 */
import { InvalidInputError, watchesOf } from '@grantkit/core';
import {
  type FeedFilter,
  readFeed,
  readLifecycle,
  readNotifications,
  type WithTenant,
} from '../activity/read.ts';
import { type Membership, membershipsOf, type Principal } from '../auth.ts';
import type { Storage } from '../storage/types.ts';
import type { TenantRegistry } from '../tenants/registry.ts';
import { errorResponse } from './errors.ts';

const json = (value: unknown): Response =>
  new Response(JSON.stringify(value), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/** `withTenant` over the registry: the tenant is held (not evicted) while `work` runs. */
export function registryWithTenant(registry: TenantRegistry): WithTenant {
  return async (tenant, work) => {
    const lease = await registry.acquire(tenant);
    if (lease === null) return null;
    try {
      return await work(lease.tenant);
    } finally {
      lease.release();
    }
  };
}

/** The memberships a request reads: `scope=all` → every tenant of the caller (W5). */
function scopeOf(url: URL, p: Principal): Membership[] {
  const scope = url.searchParams.get('scope');
  if (scope === null || scope === 'tenant') return [{ tenant: p.tenant, userId: p.userId }];
  if (scope === 'all') return membershipsOf(p);
  throw new InvalidInputError('scope', 'scope must be "tenant" (default) or "all"');
}

function limitOf(url: URL, fallback = 50): number {
  const raw = url.searchParams.get('limit');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw new InvalidInputError('limit', 'limit must be an integer from 1 to 200');
  return n;
}

function filterOf(url: URL): FeedFilter {
  const q = url.searchParams;
  const text = (name: string) => {
    const v = q.get(name);
    if (v === null) return {};
    if (v === '' || v.length > 256)
      throw new InvalidInputError(name, `${name} must be 1 to 256 characters`);
    return { [name]: v };
  };
  let since = {};
  const rawSince = q.get('since');
  if (rawSince !== null) {
    const n = /^\d+$/.test(rawSince) ? Number(rawSince) : Date.parse(rawSince);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new InvalidInputError('since', 'since must be a time in ms or an ISO 8601 date');
    since = { since: n };
  }
  const resource = q.get('resource');
  let byResource = {};
  if (resource !== null) {
    const colon = resource.indexOf(':');
    if (colon <= 0 || colon === resource.length - 1 || resource.length > 512)
      throw new InvalidInputError('resource', 'resource must be "<type>:<id>"');
    byResource = { type: resource.slice(0, colon), id: resource.slice(colon + 1) };
  }
  return {
    ...text('type'),
    ...text('action'),
    ...text('actor'),
    ...text('environment'),
    ...byResource,
    ...since,
  } as FeedFilter;
}

/** Largest body of `POST /notifications/read`, in bytes (bounded while it is read). */
export const MARK_READ_BODY_BYTES = 4096;

const cursorOf = (url: URL) => url.searchParams.get('cursor') ?? undefined;

type Handler = (request: Request, p: Principal) => Promise<Response>;

/** Bad query or body → 400 naming the parameter (not an op's `args.` path). */
const named =
  (h: Handler): Handler =>
  async (request, p) => {
    try {
      return await h(request, p);
    } catch (error) {
      if (error instanceof InvalidInputError && error.problem === 'malformed')
        return errorResponse('invalid', error.message, { field: error.path });
      throw error;
    }
  };

/** The handlers of the activity endpoints over a registry and its storage. */
export function activityHandlers(
  registry: TenantRegistry,
  storage: Storage,
): Record<'activity' | 'notifications' | 'markRead' | 'watches' | 'lifecycle', Handler> {
  const withTenant = registryWithTenant(registry);
  const handlers: Record<
    'activity' | 'notifications' | 'markRead' | 'watches' | 'lifecycle',
    Handler
  > = {
    /** `GET /activity` */
    async activity(request: Request, p: Principal): Promise<Response> {
      const url = new URL(request.url);
      return json(
        await readFeed(
          withTenant,
          storage,
          scopeOf(url, p),
          filterOf(url),
          limitOf(url),
          cursorOf(url),
        ),
      );
    },
    /** `GET /notifications` */
    async notifications(request: Request, p: Principal): Promise<Response> {
      const url = new URL(request.url);
      return json(
        await readNotifications(withTenant, storage, scopeOf(url, p), limitOf(url), cursorOf(url)),
      );
    },
    /** `POST /notifications/read` with `{ id }` (as listed) or `{ all: true }`. */
    async markRead(request: Request, p: Principal): Promise<Response> {
      const url = new URL(request.url);
      const text = await request.text();
      if (text.length > MARK_READ_BODY_BYTES)
        return errorResponse('too_large', `the body is larger than ${MARK_READ_BODY_BYTES} bytes`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new InvalidInputError('body', 'the body must be JSON: { id } or { all: true }');
      }
      const members = scopeOf(url, p);
      if (typeof body === 'object' && body !== null && (body as { all?: unknown }).all === true) {
        let marked = 0;
        for (const m of members)
          marked += await storage.activity.markRead(m.tenant, m.userId, { all: true });
        return json({ marked });
      }
      const id =
        typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
      const at = typeof id === 'string' ? id.lastIndexOf(':') : -1;
      const n = typeof id === 'string' ? Number(id.slice(at + 1)) : Number.NaN;
      if (typeof id !== 'string' || at <= 0 || !Number.isSafeInteger(n))
        throw new InvalidInputError(
          'id',
          'id must be a notification id as listed, or send { all: true }',
        );
      // Only the caller's own notifications in the caller's tenants (W5): the others are not found.
      const m = membershipsOf(p).find((x) => x.tenant === id.slice(0, at));
      const marked =
        m === undefined ? 0 : await storage.activity.markRead(m.tenant, m.userId, { id: n });
      return json({ marked });
    },
    /** `GET /watches`: the caller's watches, the default `mine` first (MODEL W2, W3). */
    async watches(_request: Request, p: Principal): Promise<Response> {
      const out = await withTenant(p.tenant, async (t) => {
        await t.engine.ready();
        return watchesOf(t.engine.model, p.userId);
      });
      return json(out ?? []);
    },
    /** `GET /lifecycle?type=&state=`: resources in a state the caller may view (MODEL W7). */
    async lifecycle(request: Request, p: Principal): Promise<Response> {
      const url = new URL(request.url);
      const type = url.searchParams.get('type');
      const state = url.searchParams.get('state');
      if (!type) throw new InvalidInputError('type', 'type is required (a type with a lifecycle)');
      if (!state) throw new InvalidInputError('state', 'state is required');
      return json(await readLifecycle(withTenant, storage, scopeOf(url, p), type, state));
    },
  };
  for (const k of Object.keys(handlers) as (keyof typeof handlers)[])
    handlers[k] = named(handlers[k]);
  return handlers;
}
