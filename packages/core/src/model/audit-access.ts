/**
 * Who may read the audit trail (MODEL E5): an entry, whoever may view what it is about;
 * its before and after (which can name shares and members), only those who may manage
 * that thing and super admins. One decision, used by every reader (the server's
 * `GET /audit` included), so the rule is written once.
 */
import type { SchemaDef } from '../schema/types.ts';
import { abilityOf } from './ability.ts';
import { capData, capOf, levelMask } from './grants.ts';
import { type Model, storeOf } from './model.ts';
import type { ResourceNode, UserState } from './state.ts';
import type { Store } from './store.ts';

/** What a user may read of the audit entries about one thing (MODEL E5). */
export interface AuditAccess {
  /** The entries themselves: who did what, when. */
  readonly entry: boolean;
  /** Their `before` and `after`. Never true without `entry`. */
  readonly details: boolean;
}

/** What an audit entry is about, as `AuditEntry.resource`. */
export interface AuditSubject {
  readonly type: string;
  readonly id: string;
}

const NONE: AuditAccess = { entry: false, details: false };
const ALL: AuditAccess = { entry: true, details: true };

/**
 * What `userId` may read of the audit entries about `resource` (MODEL E5, K7):
 * - assets: entries to those who may `view` it, before/after to its admins (MODEL A7);
 * - bundles (`type: 'bundle'`): entries to Permission Bundles administrators (N10), user
 *   managers (who assign roles, R3) and that bundle's administrators (N9); before/after to N10;
 * - groups and record types (`'group'`, `'recordType'`): those who may change sharing settings (D8);
 * - users (`'user'`): entries to user managers (`user: edit`), N10 (role changes) and the user
 *   themselves; before/after to user managers;
 * - any other resource: entries to those who hold any action on it; before/after to those who
 *   hold its `admin` action, or, for a type without one, to every reader of the entry;
 * - active super admins read everything; inactive and unknown users nothing.
 *
 * @example
 * const access = auditAccess(model, 'bob', { type: 'dashboard', id: 'q3' });
 * if (access.entry) showTrail(access.details ? entries : entries.map(withoutDetails));
 */
export function auditAccess<D extends SchemaDef>(
  model: Model<D>,
  userId: string,
  resource: AuditSubject,
): AuditAccess {
  return decide(storeOf(model as unknown as Model), userId, resource, 'E5');
}

/**
 * What `userId` may read of the activity events about `resource` (MODEL W1): the same
 * decision as {@link auditAccess} (MODEL E5), narrowed where W1 says so:
 * - assets and lifecycle types (engagements): events to those who may `view` it;
 * - records: to those who may `read` it; other resource types: any action on it;
 * - bundles: to Permission Bundles administrators (N10) only;
 * - users: to user managers (`user: edit`) and the user themselves;
 * - groups and record types: those who may change sharing settings (D8), as E5;
 * - before/after exactly as E5; active super admins everything; inactive users nothing.
 *
 * @example
 * const access = activityAccess(model, 'bob', { type: 'engagement', id: 'e1' });
 * if (access.entry) showEvent(access.details ? event : withoutDetails(event));
 */
export function activityAccess<D extends SchemaDef>(
  model: Model<D>,
  userId: string,
  resource: AuditSubject,
): AuditAccess {
  return decide(storeOf(model as unknown as Model), userId, resource, 'W1');
}

/** @internal E5 and W1 in one place: `rules` picks where W1 narrows who reads the entry. */
export function decide(
  store: Store,
  userId: string,
  resource: AuditSubject,
  rules: 'E5' | 'W1',
): AuditAccess {
  const user = store.users.get(userId);
  if (user === undefined || !user.active) return NONE; // MODEL K7
  if (user.superAdmin) return ALL; // MODEL K3
  // The owner of an asset whose owner level gives view and admin (MODEL A1, N5a) reads all of
  // it, known without compiling their ability: notifying owners (W3, W4) asks this of many
  // users once each, most of them asked nothing before.
  if (ownsWhole(store, user, resource)) return ALL;
  const a = abilityOf(store, userId);
  const schema = store.schema;
  const w1 = rules === 'W1';
  const navigates = (page: string | undefined) =>
    page !== undefined && a.check('navigate', { type: 'page', id: page });
  const access = (entry: boolean, details: boolean): AuditAccess => ({
    entry: entry || details,
    details,
  });
  switch (resource.type) {
    case 'bundle': {
      const n10 = navigates(schema.bundlesPage);
      if (w1) return access(n10, n10); // MODEL W1: those who may manage bundles
      const administrator = store.bundles.get(resource.id)?.administrators.has(userId) === true;
      return access(n10 || administrator || a.check('edit', { type: schema.usersType }), n10);
    }
    case 'group':
    case 'recordType': {
      const d8 = navigates(schema.sharingSettingsPage);
      return access(d8, d8);
    }
    case 'user': {
      const manager = a.check('edit', { type: schema.usersType });
      const self = resource.id === userId;
      // MODEL W1: user managers and the user; E5 also lets N10 read role changes.
      return access(manager || self || (!w1 && navigates(schema.bundlesPage)), manager);
    }
  }
  const info = schema.types.get(resource.type);
  if (info === undefined) return NONE;
  const ref = { type: info.name, id: resource.id };
  if (info.kind === 'asset') return access(a.check('view', ref), a.check('admin', ref));
  const admin = (entry: boolean) => entry && (!info.bits.has('admin') || a.check('admin', ref));
  // MODEL W1: records by `read`, lifecycle types (engagements) by `view`; before/after as E5.
  const narrowed = !w1
    ? undefined
    : info.kind === 'record'
      ? 'read'
      : info.lifecycle.size > 0 && info.bits.has('view')
        ? 'view'
        : undefined;
  if (narrowed !== undefined) {
    const entry = a.check(narrowed, ref);
    return access(entry, admin(entry));
  }
  const entry = a.mask(ref) !== 0;
  return access(entry, admin(entry));
}

/** Whether owning `resource` (an asset) gives `user` both `view` and `admin` on it. */
function ownsWhole(store: Store, user: UserState, resource: AuditSubject): boolean {
  if (NOT_RESOURCES.has(resource.type)) return false;
  const node = store.resources.get(resource.type)?.get(resource.id);
  if (node === undefined) return false;
  const owned = ownerGrant(store, user, node);
  const { view, admin } = node.type.bitOf;
  return view !== undefined && admin !== undefined && (owned & view) !== 0 && (owned & admin) !== 0;
}

/**
 * What owning `node` gives `user` on it (MODEL A1 owner level, N5a cap): the mask
 * `compileAssets` adds for an owned asset, found without compiling the user's ability. Part of
 * what their ability holds on `node` (other grants may add to it); 0 for an inactive user, a
 * system folder (A5) or someone else's asset.
 */
function ownerGrant(store: Store, user: UserState, node: ResourceNode): number {
  if (!user.active || node.system || node.owner !== user.id || node.type.kind !== 'asset') return 0;
  const owner = levelMask(store.schema, node.type, 'owner');
  return capData(store.schema, capOf(store, user), node.type, owner);
}

/** What `decide` judges by its own rules before resource types (bundles, groups, users…). */
const NOT_RESOURCES: ReadonlySet<string> = new Set(['bundle', 'group', 'recordType', 'user']);

/**
 * Whether an audited change ends the life of what it is about: a deleted asset, bundle or
 * group, or a draft copy removed when it was published (its entry's `after` is null; a
 * record type's settings never end, a deleted rule leaves the type). An id can be created
 * again afterwards, and the new resource is another thing: what was audited about the
 * earlier one (its shares, members, fields) is not about what a reader may view now
 * (MODEL E5, W1), so readers other than super admins should not get it.
 *
 * @example
 * const ended = events.filter(endsLife); // deleteAsset, deleteBundle, deleteGroup, a published draft
 */
export function endsLife(event: {
  readonly resource: AuditSubject;
  readonly after: unknown;
}): boolean {
  return event.after === null && event.resource.type !== 'recordType';
}

/**
 * @internal A test of the entries about an earlier life of their resource (MODEL E5, W1):
 * those at or before the latest entry in `entries` that ended its life ({@link endsLife}),
 * by `seq`; never true for an active super admin (MODEL K3), nor for entries without `seq`.
 */
export function earlierLives(
  store: Store,
  userId: string,
  entries: readonly {
    readonly resource: AuditSubject;
    readonly after?: unknown;
    readonly seq?: number;
  }[],
): (e: { readonly resource: AuditSubject; readonly seq?: number }) => boolean {
  const reader = store.users.get(userId);
  if (reader?.active === true && reader.superAdmin) return () => false;
  const key = (r: AuditSubject) => `${r.type}\u0000${r.id}`;
  const ended = new Map<string, number>();
  for (const e of entries)
    if (typeof e.seq === 'number' && endsLife({ resource: e.resource, after: e.after }))
      ended.set(key(e.resource), Math.max(e.seq, ended.get(key(e.resource)) ?? e.seq));
  if (ended.size === 0) return () => false;
  return (e) => {
    const end = ended.get(key(e.resource));
    return end !== undefined && typeof e.seq === 'number' && e.seq <= end;
  };
}

/** An audit entry as a reader may see it: `before` and `after` only with {@link AuditAccess.details}. */
export type ReadableAudit<E> = E | Omit<E, 'before' | 'after'>;

/**
 * The entries `userId` may read, in the order given, each without `before` and `after`
 * where the user may not read them (MODEL E5; {@link auditAccess} decides); none about an
 * earlier life of a re-created id that ended among `entries` ({@link endsLife}), but for
 * super admins.
 *
 * @example
 * const trail = readableAudit(model, 'bob', model.audit({ type: 'dashboard', id: 'q3' }));
 * trail[0]; // { seq, actor, action, resource, at } — no before/after unless bob is an admin of q3
 */
export function readableAudit<
  D extends SchemaDef,
  E extends {
    readonly resource: AuditSubject;
    readonly before?: unknown;
    readonly after?: unknown;
    readonly seq?: number;
  },
>(model: Model<D>, userId: string, entries: readonly E[]): ReadableAudit<E>[] {
  const memo = new Map<string, AuditAccess>();
  const out: ReadableAudit<E>[] = [];
  const earlier = earlierLives(storeOf(model as unknown as Model), userId, entries);
  for (const e of entries) {
    if (earlier(e)) continue;
    const key = `${e.resource.type}\u0000${e.resource.id}`;
    let access = memo.get(key);
    if (access === undefined) {
      access = auditAccess(model, userId, e.resource);
      memo.set(key, access);
    }
    if (!access.entry) continue;
    if (access.details) out.push(e);
    else {
      const { before: _before, after: _after, ...rest } = e;
      out.push(rest);
    }
  }
  return out;
}
