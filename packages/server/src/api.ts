/**
 * The in-process grants API (`app.grants`): the same functions the HTTP handlers call, for a
 * host's server code (a Next.js server component, a job, a webhook) that runs in the same
 * process as the grants app. No token is signed and no request is made: each call holds the
 * tenant the way a request does, and answers what the matching endpoint answers.
 */
import {
  type AuditEntry,
  auditAccess,
  type GrantSnapshot,
  InvalidInputError,
  isOpName,
  type OpArgs,
  parseOpArgs,
  type ReadableAudit,
  readableAudit,
  SYSTEM_ACTOR,
} from '@grantkit/core';
import { currentLives } from './activity/lifetimes.ts';
import {
  type FeedFilter,
  type FeedItem,
  type LifecycleItem,
  type NotificationItem,
  type Page,
  readFeed,
  readLifecycle,
  readNotifications,
} from './activity/read.ts';
import type { Membership } from './auth.ts';
import { GrantsForbiddenError } from './http/errors.ts';
import type { Storage, StoredAudit } from './storage/types.ts';
import { UnknownTenantError } from './storage/types.ts';
import type { Tenant, TenantRegistry } from './tenants/registry.ts';
import type { SnapshotVersion } from './tenants/snapshots.ts';

/**
 * What a committed op answers, in process and over HTTP (`POST /ops/<op>`): the tenant's
 * revision after it, and its audit entries (none when the op changed nothing).
 *
 * @example
 * ```ts
 * const { revision, audit }: OpResult = await app.grants.apply('acme', 'sam', {
 *   op: 'share', args: { asset: 'q3', user: 'bob', level: 'view' },
 * });
 * ```
 */
export interface OpResult {
  readonly revision: number;
  readonly audit: ReadonlyArray<Omit<AuditEntry, 'seq'> & { readonly revision: number }>;
}

/**
 * Which audit entries {@link GrantsApi.audit} reads: the trail of one resource (oldest
 * first, as `GET /audit?type=&id=` answers) or the tenant's latest entries (newest first,
 * as `GET /audit/all?limit=`, tenant administrators only).
 *
 * @example
 * ```ts
 * const one: AuditRead = { type: 'dashboard', id: 'q3' };
 * const all: AuditRead = { all: true, limit: 50 };
 * ```
 */
export type AuditRead =
  | { readonly type: string; readonly id: string }
  | { readonly all: true; readonly limit?: number };

/** One user of the host's table, as {@link GrantsApi.syncUsers} takes it. */
export type SyncedUser = OpArgs<'syncUsers'>['users'][number];

/**
 * The grants server's operations in process: `app.grants`. Each call answers what its
 * endpoint answers, for the same caller, through the same code; refusals throw the same
 * typed errors (`RuleViolationError` naming the MODEL rule, `InvalidInputError` naming the
 * field, `UnknownTenantError`, `GrantsForbiddenError`).
 *
 * @example
 * ```ts
 * // a Next.js server component: render from the user's snapshot, no token, no fetch
 * const snapshot = await app.grants.snapshot('acme', session.userId);
 * await app.grants.apply('acme', 'sam', { op: 'setSharing', args: { asset: 'q3', sharing: 'public' } });
 * const trail = await app.grants.audit('acme', 'sam', { type: 'dashboard', id: 'q3' });
 * await app.grants.syncUsers('acme', [{ id: 'ann', attributes: { dept: 'sales' } }]);
 * ```
 */
export interface GrantsApi {
  /**
   * Runs one admin op as `actor` (`POST /ops/<op>`); resolves once it committed. The args
   * are parsed with core's one definition (`parseOpArgs`) first.
   */
  apply(
    tenant: string,
    actor: string,
    op: { readonly op: string; readonly args?: unknown },
    options?: { readonly viewAs?: string },
  ): Promise<OpResult>;
  /** The user's grant snapshot at the tenant's current revision (`GET /grants`). */
  snapshot(
    tenant: string,
    userId: string,
    options?: { readonly viewAs?: string },
  ): Promise<GrantSnapshot>;
  /** Audit entries as `actor` may read them (MODEL E5; `GET /audit`, `GET /audit/all`). */
  audit(tenant: string, actor: string, query: AuditRead): Promise<ReadableAudit<StoredAudit>[]>;
  /**
   * Mirrors the host's user table as one audited op of the system actor (`SYSTEM_ACTOR`):
   * users created or updated (attributes given replace the old ones), users not listed left
   * alone unless `deactivateMissing`. A call that changes nothing writes nothing (same
   * revision, no audit). At most 10,000 users per call.
   */
  syncUsers(
    tenant: string,
    users: readonly SyncedUser[],
    options?: { readonly deactivateMissing?: boolean },
  ): Promise<OpResult>;
  /**
   * A page of the activity feed (`GET /activity`, MODEL W1) of one person: one membership
   * for one tenant, several for the merged feed of W5 (each item names its tenant).
   */
  activity(
    who: Membership | readonly Membership[],
    filter?: FeedFilter,
    page?: { readonly limit?: number; readonly cursor?: string },
  ): Promise<Page<FeedItem>>;
  /** The person's notifications, newest first, and the unread count (`GET /notifications`, W4). */
  notifications(
    who: Membership | readonly Membership[],
    page?: { readonly limit?: number; readonly cursor?: string },
  ): Promise<Page<NotificationItem> & { readonly unread: number }>;
  /** Resources of `type` in `state` the person may view, with their last transition (W7). */
  lifecycle(
    who: Membership | readonly Membership[],
    type: string,
    state: string,
  ): Promise<LifecycleItem[]>;
}

/** `POST /ops/<op>` and `grants.apply`: parses the args, applies, commits. */
export async function runOp(
  tenant: Tenant,
  actor: string,
  op: string,
  args: unknown,
  viewAs: string | undefined,
): Promise<OpResult> {
  if (!isOpName(op))
    throw new InvalidInputError(
      'op',
      `unknown operation ${JSON.stringify(op.slice(0, 64))}`,
      'unknown-op',
    );
  const parsed = parseOpArgs(op, args ?? {}) as Record<string, unknown>;
  const outcome = await tenant.engine.apply(actor, op, parsed, viewAs);
  return {
    revision: outcome.revision,
    audit: outcome.audit.map(({ seq: _seq, ...entry }) => ({
      ...entry,
      revision: outcome.revision,
    })),
  };
}

/** `GET /grants` and `grants.snapshot`: the user's current snapshot version and the revision. */
export function currentSnapshot(
  tenant: Tenant,
  userId: string,
  viewAs: string | undefined,
): { readonly version: SnapshotVersion; readonly revision: number } {
  const { version } = tenant.snapshots.current(userId, viewAs);
  return { version, revision: tenant.engine.revision };
}

/** `GET /audit`, `GET /audit/all` and `grants.audit`: what `actor` may read (MODEL E5). */
export async function readAudit(
  tenant: Tenant,
  storage: Storage,
  actor: string,
  query: AuditRead,
  isTenantAdmin: (tenant: Tenant, userId: string) => boolean,
): Promise<ReadableAudit<StoredAudit>[]> {
  const { engine } = tenant;
  const model = engine.model;
  const me = model.getUser(actor);
  if (me === undefined || !me.active)
    throw new GrantsForbiddenError('this tenant (unknown or inactive user, MODEL K7)');
  if ('all' in query) {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidInputError('limit', 'limit must be an integer from 1 to 1000');
    if (!isTenantAdmin(tenant, actor)) throw new GrantsForbiddenError("the tenant's audit trail");
    // The latest `limit` entries of the tenant, each kept or stripped as MODEL E5 says.
    const entries = await storage.listAudit(engine.tenant, { limit, order: 'desc' });
    return readableAudit(model, actor, await currentLives(storage, engine.tenant, me, entries));
  }
  const { type, id } = query;
  // MODEL E5, decided in core: entries for those who may view the thing, their
  // before/after for those who may manage it.
  if (!auditAccess(model, actor, { type, id }).entry)
    throw new GrantsForbiddenError(`the audit trail of ${type} ${id}`);
  const entries = await storage.listAudit(engine.tenant, { type, id, order: 'asc', limit: 1000 });
  // An earlier life of this id (deleted, created again) is not what the actor may view now.
  return readableAudit(model, actor, await currentLives(storage, engine.tenant, me, entries));
}

/** `app.grants`: each call holds its tenant (not evicted) until it answers. */
export function createGrantsApi(
  registry: TenantRegistry,
  storage: Storage,
  isTenantAdmin: (tenant: Tenant, userId: string) => boolean,
): GrantsApi {
  const held = async <T>(id: string, work: (tenant: Tenant) => Promise<T> | T): Promise<T> => {
    const lease = await registry.acquire(id);
    if (lease === null) throw new UnknownTenantError(id);
    try {
      return await work(lease.tenant);
    } finally {
      lease.release();
    }
  };
  const apply: GrantsApi['apply'] = (tenant, actor, op, options = {}) =>
    held(tenant, (t) => runOp(t, actor, op.op, op.args, options.viewAs));
  const withTenant = async <T>(id: string, work: (t: Tenant) => Promise<T>) => {
    const lease = await registry.acquire(id);
    if (lease === null) return null;
    try {
      return await work(lease.tenant);
    } finally {
      lease.release();
    }
  };
  const list = (who: Membership | readonly Membership[]): readonly Membership[] =>
    'tenant' in who ? [who as Membership] : (who as readonly Membership[]);
  const limitOf = (n: number | undefined) => {
    const limit = n ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new InvalidInputError('limit', 'limit must be an integer from 1 to 200');
    return limit;
  };
  return {
    apply,
    activity: (who, filter = {}, page = {}) =>
      readFeed(withTenant, storage, list(who), filter, limitOf(page.limit), page.cursor),
    notifications: (who, page = {}) =>
      readNotifications(withTenant, storage, list(who), limitOf(page.limit), page.cursor),
    lifecycle: (who, type, state) => readLifecycle(withTenant, storage, list(who), type, state),
    snapshot: (tenant, userId, options = {}) =>
      held(tenant, (t) => {
        const { version, revision } = currentSnapshot(t, userId, options.viewAs);
        return t.snapshots.materialise(version, revision);
      }),
    audit: (tenant, actor, query) =>
      held(tenant, (t) => readAudit(t, storage, actor, query, isTenantAdmin)),
    syncUsers: (tenant, users, options = {}) =>
      apply(tenant, SYSTEM_ACTOR, {
        op: 'syncUsers',
        args: {
          users,
          ...(options.deactivateMissing === undefined
            ? {}
            : { deactivateMissing: options.deactivateMissing }),
        },
      }),
  };
}
