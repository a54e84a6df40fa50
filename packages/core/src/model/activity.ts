/**
 * Activity and notifications (MODEL W1–W4) as pure functions over the model: the
 * events of an operation, who may see one (the same decision as the audit trail's,
 * `decide` in audit-access.ts), whose watches it matches and so who is notified.
 * The grants server stores what these return in the operation's transaction and
 * filters with {@link visibleTo} again when it sends or lists.
 */
import type { ApplyResult } from '../ops/apply.ts';
import type { SchemaDef } from '../schema/types.ts';
import { type AuditAccess, type AuditSubject, decide, earlierLives } from './audit-access.ts';
import { type Model, storeOf } from './model.ts';
import { launchKey, type Watch, watchesIn, watching } from './watches.ts';

/**
 * One activity event (MODEL W1): an audited change (E5) with the revision it made.
 * `seq` is the model's audit sequence number; the server may give its own id.
 */
export interface ActivityEvent {
  /** The tenant, when the caller names one (the server does; core has one world). */
  readonly tenant?: string;
  /** The audit entry's number in this model (order within one revision). */
  readonly seq: number;
  /** The revision the operation made. */
  readonly revision: number;
  /** When (milliseconds, the model's clock). */
  readonly at: number;
  readonly actor: string;
  /** The op name, or the lifecycle action for a transition (FORMAT.md `audit`). */
  readonly action: string;
  /** What it is about, named as in the audit trail (`bundle`, `group`, `user`, `recordType` too). */
  readonly resource: AuditSubject;
  readonly before: unknown;
  readonly after: unknown;
}

/** An event as one reader may see it: no `before`/`after` without the right to them (E5). */
export type ReadableEvent = ActivityEvent | Omit<ActivityEvent, 'before' | 'after'>;

/**
 * The activity events of a successful operation (MODEL W1): one per audit entry, oldest
 * first, stamped with the revision it made (and the tenant, when given). Watches and
 * refused operations make none.
 *
 * @example
 * const result = model.apply('pat', { op: 'transition', args: { resource: { type: 'engagement', id: 'e1' }, action: 'pause' } });
 * const events = activityOf(result, { tenant: 'px' });
 * events[0]; // { tenant: 'px', seq, revision, at, actor: 'pat', action: 'pause', resource: { type: 'engagement', id: 'e1' }, before, after }
 */
export function activityOf(
  result: ApplyResult,
  opts: { readonly tenant?: string } = {},
): ActivityEvent[] {
  return result.audit.map((a) =>
    Object.freeze({
      ...(opts.tenant === undefined ? {} : { tenant: opts.tenant }),
      seq: a.seq,
      revision: result.revision,
      at: a.at,
      actor: a.actor,
      action: a.action,
      resource: a.resource,
      before: a.before,
      after: a.after,
    }),
  );
}

/**
 * Whether `userId` may see `event` now (MODEL W1): assets and engagements by `view`,
 * records by `read`, other types by any action; bundles, groups, users and record types by
 * those who may manage them, a user also the changes to themself; super admins everything;
 * inactive or unknown users nothing. Call it again at send time and when listing: access
 * can be revoked after the event.
 *
 * @example
 * const feed = events.filter((e) => visibleTo(model, 'bob', e));
 */
export function visibleTo<D extends SchemaDef>(
  model: Model<D>,
  userId: string,
  event: { readonly resource: AuditSubject },
): boolean {
  return decide(storeOf(model as unknown as Model), userId, event.resource, 'W1').entry;
}

/**
 * The events `userId` may see now, in the order given, each without `before` and `after`
 * where they may not read them (MODEL W1; before/after follow E5); none about an earlier
 * life of a re-created id that ended among `events` ({@link endsLife}), but for super admins.
 *
 * @example
 * const page = readableActivity(model, 'bob', rows); // rows: ActivityEvent[] from the database
 * page.every((e) => visibleTo(model, 'bob', e)); // true
 */
export function readableActivity<D extends SchemaDef, E extends ActivityEvent>(
  model: Model<D>,
  userId: string,
  events: readonly E[],
): (E | Omit<E, 'before' | 'after'>)[] {
  const store = storeOf(model as unknown as Model);
  const memo = new Map<string, AuditAccess>();
  const out: (E | Omit<E, 'before' | 'after'>)[] = [];
  const earlier = earlierLives(store, userId, events);
  for (const e of events) {
    if (earlier(e)) continue;
    const key = `${e.resource.type}\u0000${e.resource.id}`;
    let access = memo.get(key);
    if (access === undefined) {
      access = decide(store, userId, e.resource, 'W1');
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

/**
 * Who gets a notification of `event` (MODEL W4): every user with a watch (or the default
 * `mine`, MODEL W3) that matches it, once however many match, except its actor and anyone
 * who may not see it (W1). Judged on the model as it is now: call it right after the
 * operation that made the event. Sorted user ids.
 *
 * @example
 * const result = model.apply('pat', op);
 * for (const event of activityOf(result))
 *   for (const user of notificationsFor(model, event)) inbox.push({ user, event });
 */
export function notificationsFor<D extends SchemaDef>(
  model: Model<D>,
  event: Pick<ActivityEvent, 'actor' | 'action' | 'resource'>,
): string[] {
  const store = storeOf(model as unknown as Model);
  // Only those with watches of their own, and the two whom `mine` can match (MODEL W3).
  const candidates = new Set(store.watches.keys());
  const { type, id } = event.resource;
  const launcher = store.launchedBy.get(launchKey(type, id));
  if (launcher !== undefined) candidates.add(launcher);
  const owner = store.assets.get(id)?.owner;
  if (owner !== undefined) candidates.add(owner);
  const out: string[] = [];
  for (const userId of candidates) {
    if (userId === event.actor) continue;
    if (!watching(store, userId, event.action, event.resource)) continue;
    if (decide(store, userId, event.resource, 'W1').entry) out.push(userId);
  }
  return out.sort();
}

/**
 * A user's watches (MODEL W2), the default `mine` (MODEL W3) first unless they unwatched it.
 *
 * @example
 * watchesOf(model, 'pat'); // [{ target: 'mine', actions: DEFAULT_WATCH_ACTIONS }, { target: { type: 'engagement', env: ['production'] }, actions: [...] }]
 */
export function watchesOf<D extends SchemaDef>(model: Model<D>, userId: string): Watch[] {
  return watchesIn(storeOf(model as unknown as Model), userId);
}
