/**
 * Generated operations for the escalation search: every operation core implements
 * (`OP_NAMES`), with arguments drawn from the ids of the generated worlds, by
 * actors who are never super admins (some of them inactive, MODEL K7).
 */
import fc from 'fast-check';
import type { Op } from '../ops/apply.ts';
import {
  ASSETS,
  ATTRIBUTE_NAMES,
  BUNDLES,
  criteriaArb,
  DASHBOARDS,
  ENGAGEMENTS,
  FOLDERS,
  GROUPS,
  grantArb,
  LEVELS,
  NEW_ASSETS,
  NEW_BUNDLE,
  NEW_USER,
  RECORD_TYPES,
  ROLES,
  ruleArb,
  SHARINGS,
  SUPER,
  SYSTEM_GROUP,
  USERS,
} from './worlds.ts';

/** One step of a sequence: who acts, and what they do. */
export interface Step {
  readonly actor: string;
  readonly op: Op;
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
/** Stands for the acting user (replaced once the actor is drawn). */
const ME = '$me';
const user = pick([...USERS, SUPER, ME, ME]);
const bundle = pick([...BUNDLES, NEW_BUNDLE, 'PX_EDITOR', 'DEFAULT_BUNDLE', 'VIEW_GROUP']);
const group = pick([...GROUPS, SYSTEM_GROUP]);
const asset = pick(ASSETS);
const folder = pick(['home', 'uncategorized', ...FOLDERS, 'nf']);
const S1 = { type: 'survey', id: 's1' };
const SURVEY = ['design', 'distribute', 'analyze', 'admin', 'useLibrary'];
const op = <A>(name: string, args: fc.Arbitrary<A>): fc.Arbitrary<Op> =>
  args.map((a) => ({ op: name, args: a as Record<string, unknown> }));
const principal = fc.oneof(
  { weight: 3, arbitrary: fc.record({ user }) },
  { weight: 1, arbitrary: fc.record({ group }) },
);
const reach = {
  grants: fc.oneof(fc.constant([]), fc.array(grantArb, { maxLength: 2 })),
  rule: fc.oneof(criteriaArb, fc.constant(null)),
  groups: fc.subarray([...GROUPS]),
};

const WATCH_ACTIONS = ['launch', 'pause', 'share', 'move', 'createBundle', 'setUser'];
/** A watch target: `mine`, one resource, a type (in an environment), a bundle or a user. */
const watchTarget: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant('mine'),
  pick(DASHBOARDS).map((id) => ({ type: 'dashboard', id })),
  pick(FOLDERS).map((id) => ({ type: 'folder', id })),
  pick(ENGAGEMENTS).map((id) => ({ type: 'engagement', id })),
  fc.constant({ type: 'dashboard' }),
  pick(['production', 'staging']).map((env) => ({ type: 'engagement', env })),
  pick(BUNDLES).map((id) => ({ type: 'bundle', id })),
  user.map((id) => ({ type: 'user', id })),
  fc.constant({ type: 'group' }),
);

/** An operation of each kind core implements, keyed by its name. */
export const OP_ARBS: Readonly<Record<string, fc.Arbitrary<Op>>> = {
  createBundle: op(
    'createBundle',
    fc.record(
      { id: pick([NEW_BUNDLE, 'B1', 'PX_EDITOR']), ...reach },
      { requiredKeys: ['id', 'grants'] },
    ),
  ),
  editBundle: op(
    'editBundle',
    fc.record({ id: bundle, ...reach }, { requiredKeys: ['id', 'grants'] }),
  ),
  deleteBundle: op('deleteBundle', fc.record({ id: bundle })),
  addToBundle: op(
    'addToBundle',
    fc.record(
      { bundle, user: pick([...USERS, SUPER, NEW_USER]), administrator: fc.boolean() },
      { requiredKeys: ['bundle', 'user'] },
    ),
  ),
  removeFromBundle: op('removeFromBundle', fc.record({ bundle, user })),
  addToGroup: op('addToGroup', fc.record({ group, user })),
  removeFromGroup: op('removeFromGroup', fc.record({ group, user })),
  setUser: op(
    'setUser',
    fc
      .tuple(
        pick([...USERS, SUPER, NEW_USER]),
        fc.oneof(
          {
            weight: 3,
            arbitrary: fc.record({
              attributes: fc.oneof(
                fc.record({ dept: pick(['a', 'b']) }),
                fc.record({ region: pick(['x', 'y']) }),
              ),
            }),
          },
          { weight: 3, arbitrary: fc.record({ active: fc.boolean() }) },
          {
            weight: 3,
            arbitrary: fc.record({
              managerId: pick<string | null>([...USERS, SUPER, null, ME, ME, ME]),
            }),
          },
          fc.record({ license: pick(['full', 'viewer']) }),
          fc.record({ superAdmin: fc.boolean() }),
          fc.record({
            active: fc.constant(true),
            attributes: fc.record({ dept: pick(['a', 'b']) }),
            managerId: pick([...USERS, ME]),
          }),
        ),
      )
      .map(([id, change]) => ({ id, ...change })),
  ),
  assignRole: op(
    'assignRole',
    fc.record({ user: pick([...USERS, SUPER, NEW_USER]), role: pick(ROLES) }),
  ),
  unassignRole: op('unassignRole', fc.record({ user, role: pick(ROLES) })),
  createAsset: op(
    'createAsset',
    fc.record(
      { type: pick(['folder', 'dashboard']), id: pick(NEW_ASSETS), parent: folder },
      { requiredKeys: ['type', 'id'] },
    ),
  ),
  deleteAsset: op('deleteAsset', fc.record({ asset })),
  setSharing: op('setSharing', fc.record({ asset, sharing: pick(SHARINGS) })),
  share: op(
    'share',
    fc.tuple(principal, asset, pick(LEVELS)).map(([p, a, level]) => ({ asset: a, ...p, level })),
  ),
  revoke: op(
    'revoke',
    fc.tuple(principal, asset).map(([p, a]) => ({ asset: a, ...p })),
  ),
  move: op(
    'move',
    fc.record({
      assets: fc.oneof(
        { weight: 4, arbitrary: pick([...FOLDERS, ...DASHBOARDS]).map((a) => [a]) },
        fc.subarray([...ASSETS], { minLength: 1, maxLength: 2 }),
      ),
      to: folder,
    }),
  ),
  setEveryone: op('setEveryone', fc.record({ recordType: pick(RECORD_TYPES), on: fc.boolean() })),
  addRule: op(
    'addRule',
    fc.record({ recordType: pick(RECORD_TYPES), rule: ruleArb(pick(['p1', 'p3'])) }),
  ),
  // MODEL D10: the rule's id may be left out or repeated.
  editRule: op(
    'editRule',
    fc
      .tuple(pick(RECORD_TYPES), pick(['p1', 'p2', 'p3']), ruleArb(fc.constant('')), fc.boolean())
      .map(([recordType, id, { id: _, ...rule }, named]) => ({
        recordType,
        id,
        rule: named ? { id, ...rule } : rule,
      })),
  ),
  deleteRule: op(
    'deleteRule',
    fc.record({ recordType: pick(RECORD_TYPES), id: pick(['p1', 'p2']) }),
  ),
  // MODEL D11
  addAttribute: op(
    'addAttribute',
    fc.record({
      recordType: pick(RECORD_TYPES),
      name: pick(ATTRIBUTE_NAMES),
      source: pick(['user', 'resource']),
    }),
  ),
  removeAttribute: op(
    'removeAttribute',
    fc.record({ recordType: pick(RECORD_TYPES), name: pick(ATTRIBUTE_NAMES) }),
  ),
  // MODEL D9: a new id, a taken one (K8) and a malformed one (input).
  createGroup: op(
    'createGroup',
    fc.record(
      { id: pick(['G3', 'G1', 'G-4']), members: fc.subarray([...USERS, SUPER]), rule: criteriaArb },
      { requiredKeys: ['id'] },
    ),
  ),
  editGroup: op(
    'editGroup',
    fc.record(
      {
        id: group,
        members: fc.subarray([...USERS, SUPER, ME]),
        rule: fc.oneof(criteriaArb, fc.constant(null)),
      },
      { requiredKeys: ['id'] },
    ),
  ),
  deleteGroup: op('deleteGroup', fc.record({ id: group })),
  // MODEL N13: the one survey of the worlds (an admin of it may grant it on).
  grantOn: op(
    'grantOn',
    fc.record({ resource: fc.constant(S1), user, actions: fc.subarray(SURVEY, { minLength: 1 }) }),
  ),
  revokeOn: op(
    'revokeOn',
    fc.record(
      { resource: fc.constant(S1), user, actions: fc.subarray(SURVEY, { minLength: 1 }) },
      { requiredKeys: ['resource', 'user'] },
    ),
  ),
  // Super admins and the system actor only: every generated actor must be refused (MODEL R3).
  syncUsers: op(
    'syncUsers',
    fc.record(
      {
        users: fc.uniqueArray(
          fc.record(
            {
              id: pick([...USERS, SUPER, NEW_USER, ME]),
              attributes: fc.record({ dept: pick(['a', 'b']) }),
              license: pick(['full', 'viewer']),
              active: fc.boolean(),
              superAdmin: fc.boolean(),
              managerId: pick<string | null>([...USERS, SUPER, null, ME]),
            },
            { requiredKeys: ['id'] },
          ),
          { selector: (u) => u.id, maxLength: 3 },
        ),
        deactivateMissing: fc.boolean(),
      },
      { requiredKeys: ['users'] },
    ),
  ),
  transition: op(
    'transition',
    fc.record({
      resource: pick(ENGAGEMENTS).map((id) => ({ type: 'engagement', id })),
      action: pick(['launch', 'pause', 'edit']),
    }),
  ),
  // MODEL E2: a draft copy of an engagement (new ids only; e1 is taken, for K8).
  draftCopy: op(
    'draftCopy',
    fc.record({
      resource: pick(ENGAGEMENTS).map((id) => ({ type: 'engagement', id })),
      id: pick(['e1', 'e1-draft', 'e2-draft']),
    }),
  ),
  // MODEL W2, W3: watches change no permission (the search checks that they grant nothing).
  watch: op(
    'watch',
    fc.record(
      { target: watchTarget, actions: fc.subarray(WATCH_ACTIONS, { minLength: 1 }) },
      {
        requiredKeys: ['target'],
      },
    ),
  ),
  unwatch: op('unwatch', fc.record({ target: watchTarget })),
};

const WEIGHTS: Readonly<Record<string, number>> = {
  move: 3,
  setUser: 3,
  share: 2,
  setSharing: 2,
  createAsset: 2,
};

/** Replaces ME by the actor, wherever it stands in the arguments. */
function bindMe(v: unknown, actor: string): unknown {
  if (v === ME) return actor;
  if (Array.isArray(v)) return v.map((x) => bindMe(x, actor));
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bindMe(x, actor)]));
  return v;
}

/** One step by a non-super-admin actor (inactive ones included). */
export const stepArb: fc.Arbitrary<Step> = fc
  .record({
    actor: pick(USERS),
    op: fc.oneof(
      ...Object.entries(OP_ARBS).map(([name, arbitrary]) => ({
        weight: WEIGHTS[name] ?? 1,
        arbitrary,
      })),
    ),
  })
  .map(({ actor, op }) => ({ actor, op: bindMe(op, actor) as Op }));

/** A short sequence of steps. */
export const sequenceArb = (maxLength: number): fc.Arbitrary<Step[]> =>
  fc.array(stepArb, { minLength: 1, maxLength });
