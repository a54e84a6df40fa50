/**
 * `@grantkit/core`: the Grantkit permission model (spec/MODEL.md in the repository).
 * Declare a schema, build a model over a world, check, explain, list, and
 * apply administrative operations with an audit trail. No I/O, no React.
 *
 * @example
 * import { createModel, loadSchema } from '@grantkit/core';
 * const model = createModel(loadSchema(json), { users: [{ id: 'ann' }] });
 * model.check('ann', 'navigate', { type: 'page', id: 'timeline' }); // false (MODEL K1)
 *
 * @packageDocumentation
 */

/**
 * The MODEL rule ids a refusal can name, and what a refusal carries.
 *
 * @example
 * const rule: RuleId = 'R3';
 */
export type { RuleId, RuleViolationInit } from './errors.ts';
/**
 * Errors: `GrantkitError` is the base; refusals are `RuleViolationError` with `rule`
 * (MODEL R4); malformed input is `InvalidInputError` with `path`; bad schemas `SchemaError`.
 *
 * @example
 * try {
 *   model.apply('bob', { op: 'share', args: { asset: 'q3', user: 'cat', level: 'admin' } });
 * } catch (e) {
 *   if (e instanceof RuleViolationError) console.log(e.rule); // 'A8'
 * }
 */
export {
  GrantkitError,
  type InputProblem,
  InvalidInputError,
  MODEL_SPEC,
  RuleViolationError,
  SchemaError,
  UnknownIdError,
} from './errors.ts';
/**
 * Activity and notifications (MODEL W1–W4): the events of an operation, who may see one
 * (the same decision as the audit trail's), and who is notified; pure over the model, so
 * the server stores what they return in the operation's transaction.
 *
 * @example
 * const result = model.apply('pat', { op: 'transition', args: { resource: { type: 'engagement', id: 'e1' }, action: 'pause' } });
 * for (const event of activityOf(result, { tenant: 'px' })) {
 *   const recipients = notificationsFor(model, event); // watchers who may see it, never 'pat'
 *   visibleTo(model, 'lee', event); // at send time and for feeds
 * }
 */
export {
  type ActivityEvent,
  activityOf,
  notificationsFor,
  type ReadableEvent,
  readableActivity,
  visibleTo,
  watchesOf,
} from './model/activity.ts';
/**
 * An in-memory, bounded activity feed and notification inbox (MODEL W1, W4), for tests and
 * single-process hosts; the grants server keeps them in SQL.
 *
 * @example
 * const feed = createActivityFeed({ limit: 500 });
 * feed.record(model, model.apply('pat', op));
 * feed.notifications(model, 'lee').unread; // 1
 */
export {
  type ActivityFeed,
  type ActivityFeedOptions,
  createActivityFeed,
  type Notification,
  type NotificationList,
} from './model/activity-feed.ts';
/**
 * The JSON items of the grants server's activity reads (MODEL W1, W4, W7), shared by the
 * server, `@grantkit/sdk/activity` and hosts.
 *
 * @example
 * const paused: LifecycleItem[] = await (await fetch('/lifecycle?type=engagement&state=paused')).json();
 */
export type { ActivityItem, LifecycleItem, NotificationItem } from './model/activity-items.ts';
/**
 * Who may read the audit trail (MODEL E5): entries for those who may view what they are
 * about, their before/after for those who may manage it. Readers (the reference server's
 * `GET /audit`) filter with these instead of writing the rule again.
 *
 * @example
 * const trail = readableAudit(model, 'bob', model.audit({ type: 'dashboard', id: 'q3' }));
 */
export {
  type AuditAccess,
  type AuditSubject,
  activityAccess,
  auditAccess,
  endsLife,
  type ReadableAudit,
  readableAudit,
} from './model/audit-access.ts';
/**
 * Structured explanations (MODEL K6).
 *
 * @example
 * const why: Explanation = model.explain('ann', 'edit', { type: 'dashboard', id: 'q3' });
 * why.message; // 'needs edit on dashboard “Q3 Revenue”; you have view'
 */
export type { Explanation, Reason } from './model/explain.ts';
/**
 * The model and what its methods take and return.
 *
 * @example
 * const me: UserChecker = model.forUser('ann');
 * me.check('view', { type: 'dashboard', id: 'q3' });
 * const greyed: ActionState[] = model.actions('ann', { type: 'dashboard', id: 'q3' }); // MODEL A12
 */
export type {
  ActionState,
  CheckOptions,
  Model,
  ModelOptions,
  UserChecker,
  UserView,
} from './model/model.ts';
/**
 * Builds a model over a world (the scenario world shape).
 *
 * @example
 * const model = createModel(schema, { users: [{ id: 'ann' }], bundles: [{ id: 'B', grants: [{ type: 'survey', actions: ['design'] }], users: ['ann'] }] });
 * model.check('ann', 'design', { type: 'survey' }); // true
 */
export { createModel } from './model/model.ts';
/**
 * The world a model is built from, and what `toWorld()` returns.
 *
 * @example
 * const world: WorldInput = { users: [{ id: 'ann', license: 'viewer' }], resources: [{ type: 'dashboard', id: 'q3', owner: 'ann' }] };
 */
export type {
  AttributeInput,
  AttributeSource,
  AttrValue,
  BundleInput,
  DirectGrantInput,
  GroupInput,
  License,
  RecordTypeInput,
  ResourceInput,
  ShareInput,
  ShareLevel,
  Sharing,
  SharingRule,
  UserInput,
  WorldInput,
} from './model/state.ts';
/**
 * Where a permission attribute's values come from (MODEL D11): `'user'` (rule criteria) or
 * `'resource'` (record fields in rule advice).
 *
 * @example
 * model.apply('ss', { op: 'addAttribute', args: { recordType: 'cta', name: 'tier', source: ATTRIBUTE_SOURCES[1] } });
 */
export { ATTRIBUTE_SOURCES } from './model/state.ts';
/**
 * Watches (MODEL W2, W3): set with the `watch`/`unwatch` ops, kept in the world.
 *
 * @example
 * model.apply('lee', { op: 'watch', args: { target: { type: 'engagement', env: 'production' } } });
 * model.apply('lee', { op: 'unwatch', args: { target: 'mine' } }); // opt out of W3's defaults
 */
export {
  DEFAULT_WATCH_ACTIONS,
  type LaunchInput,
  type Watch,
  type WatchInput,
  type WatchTarget,
} from './model/watches.ts';
/**
 * Administrative operations, their results and the audit trail (MODEL E5).
 *
 * @example
 * const op: Op = { op: 'share', args: { asset: 'q3', user: 'bob', level: 'view' } };
 * const { revision, audit }: ApplyResult = model.apply('ann', op);
 * const trail: AuditEntry[] = model.audit({ type: 'dashboard', id: 'q3' });
 */
export type { ApplyResult, Op } from './ops/apply.ts';
/**
 * Where audit entries go: `createModel(schema, world, { audit })` takes an {@link AuditSink};
 * the default keeps the latest 1,000 entries in memory (`createMemoryAuditSink`).
 *
 * @example
 * const model = createModel(schema, world, { audit: { append: (entry) => db.insert(entry) } });
 * const bounded = createModel(schema, world, { audit: createMemoryAuditSink({ limit: 10_000 }) });
 */
export {
  type AuditSink,
  createMemoryAuditSink,
  type MemoryAuditSinkOptions,
} from './ops/apply.ts';
/**
 * One definition of every operation's arguments: types (`OpArgs<'share'>`), validation
 * (`parseOpArgs`) and error paths, shared by core and the server's HTTP layer, with
 * structural bounds (`INPUT_BOUNDS`) checked by an iterative pass (`checkStructure`).
 *
 * @example
 * const args: OpArgs<'share'> = parseOpArgs('share', { asset: 'q3', user: 'cat', level: 'view' });
 * if (!isOpName(name)) throw new Error('no such op');
 */
export {
  COMPARE_OPS,
  isOpName,
  LICENSES,
  OP_ARGS,
  type OpArgs,
  type OpName,
  parseOpArgs,
  RULE_ACTIONS,
} from './ops/args.ts';
export {
  badCharacters,
  checkStructure,
  INPUT_BOUNDS,
  type InputBounds,
  PROTOTYPE_KEYS,
} from './ops/bounds.ts';
export type { AuditEntry } from './ops/context.ts';
export type { Infer, Ref, RefKind, Shape } from './ops/shape.ts';
/**
 * `syncUsers`: the host's user table mirrored into the world as one audited operation,
 * run by a super admin or by {@link SYSTEM_ACTOR} (a super admin outside the world, for
 * `syncUsers` only), at most {@link MAX_SYNC_USERS} users per call.
 *
 * @example
 * model.apply(SYSTEM_ACTOR, {
 *   op: 'syncUsers',
 *   args: { users: [{ id: 'ann', attributes: { dept: 'sales' }, managerId: 'bob' }, { id: 'bob' }] },
 * });
 */
export { MAX_SYNC_USERS, SYSTEM_ACTOR } from './ops/sync-users.ts';
/**
 * Schema and world mistakes the model can live with, reported with their fix through the
 * `onWarning` option of `defineSchema`, `loadSchema` and `createModel` (default
 * `console.warn`): asset types without a folder type, a licence no built-in bundle caps
 * (MODEL N5a). Mistakes it cannot live with throw `SchemaError` / `InvalidInputError`.
 *
 * @example
 * const warnings: SchemaWarning[] = [];
 * const onWarning: WarningHandler = (w) => warnings.push(w);
 * createModel(defineSchema(def, { onWarning }), world, { onWarning });
 */
export type { SchemaWarning, WarningHandler } from './schema/checks.ts';
/**
 * Declares a typed schema; action names are inferred per type.
 *
 * @example
 * const schema = defineSchema({
 *   types: {
 *     folder: { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'] },
 *     dashboard: { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'], implies: { edit: ['view'] } },
 *   },
 * });
 */
/**
 * Loads a schema from JSON; invalid schemas throw `SchemaError` with the JSON path.
 *
 * @example
 * const schema = loadSchema(JSON.parse(readFileSync('schema.gainsight.json', 'utf8')));
 */
export { defineSchema, loadSchema, type SchemaOptions } from './schema/define.ts';
/**
 * A validated, compiled schema.
 *
 * @example
 * const s: Schema = loadSchema(json);
 * s.types.get('survey')?.actions; // ['design', 'distribute', 'analyze', 'admin', 'useLibrary']
 */
export type { Schema } from './schema/schema.ts';
/**
 * The schema declaration types and what checks refer to.
 *
 * @example
 * const ref: ResourceRef<'dashboard'> = { type: 'dashboard', id: 'q3' };
 * type DashboardAction = ActionOf<typeof def, 'dashboard'>; // 'view' | 'share' | 'edit' | 'admin'
 */
export type {
  ActionOf,
  AdminDef,
  BuiltinBundleDef,
  CompareOp,
  Condition,
  Criteria,
  Grant,
  PageDef,
  ResourceRef,
  SchemaDef,
  TransitionDef,
  TypeDef,
  TypeKind,
  TypeName,
} from './schema/types.ts';

/**
 * Grant snapshots (MODEL C1): compile a user's permissions into compact JSON, answer
 * `check` / `explain` from it in the browser, and move between revisions with deltas.
 *
 * @example
 * const snapshot = compileSnapshot(model, 'ann', { tenant: 'acme' });
 * const me = createEvaluator(JSON.parse(JSON.stringify(snapshot)));
 * me.check('view', { type: 'dashboard', id: 'q3' }); // as model.check('ann', 'view', …)
 * const patch = diffSnapshots(older, snapshot); // null: send the full snapshot
 * const next = patch === null ? snapshot : applyDelta(older, patch);
 */
export { type CompileOptions, compileSnapshot } from './snapshot/compile.ts';
export {
  applyDelta,
  diffSnapshots,
  type IdSetPatch,
  type SnapshotPatch,
  type TypePatch,
} from './snapshot/delta.ts';
export {
  type CheckSwitch,
  createChecker,
  createCheckSwitch,
  explainShort,
  type SnapshotChecker,
  type SnapshotEvaluator,
  searchMenu,
} from './snapshot/evaluator.ts';
export { createEvaluator, explainFull } from './snapshot/explain.ts';
export {
  decodeIds,
  encodeIds,
  type GrantSnapshot,
  type IdSet,
  SNAPSHOT_FORMAT,
  type SourceEntry,
  type TypeEntry,
} from './snapshot/format.ts';
