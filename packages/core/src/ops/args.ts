/**
 * ONE definition of every administrative operation's arguments (FORMAT.md's `do`
 * list): the TypeScript types, the validation and the error paths all come from
 * `OP_ARGS`. Core's `apply` and the server's HTTP layer both parse with it, so the
 * layers cannot drift. A future op (createGroup, editRule, grantOn, watch, …) is one
 * entry here plus its handler in `apply.ts`.
 *
 * Parsing is two passes: the iterative structural pass of `bounds.ts` (depth, sizes,
 * budget, characters, numbers; no recursion a request can drive), then the typed
 * shapes below (which may recurse: depth is bounded by then).
 */

import { InvalidInputError, UnknownIdError } from '../errors.ts';
import {
  ATTRIBUTE_SOURCES,
  LICENSES,
  RULE_ACTIONS,
  SHARE_LEVELS,
  SHARINGS,
  type SharingRule,
} from '../model/state.ts';
import type { Store } from '../model/store.ts';
import { COMPARE_OPS, type Condition, type Criteria, type Grant } from '../schema/types.ts';
import { checkStructure, INPUT_BOUNDS, type InputBounds } from './bounds.ts';
import {
  array,
  boolean,
  fail,
  type Infer,
  id,
  json,
  lazy,
  nullable,
  object,
  optional,
  picklist,
  type Ref,
  record,
  refine,
  type Shape,
  string,
  variant,
} from './shape.ts';
import { MAX_SYNC_USERS } from './sync-users.ts';

export { COMPARE_OPS, LICENSES, RULE_ACTIONS };

const name = string(INPUT_BOUNDS.name);
const compareOp = picklist(COMPARE_OPS);

/** An advanced-logic string: at most 1,000 characters and 32 nested parentheses. */
const logic = refine(
  string(INPUT_BOUNDS.logic),
  (s) => {
    let depth = 0;
    for (const c of s) {
      if (c === '(' && ++depth > INPUT_BOUNDS.depth) return false;
      if (c === ')') depth--;
    }
    return true;
  },
  '',
  `nests parentheses deeper than ${INPUT_BOUNDS.depth} levels (bound: depth ≤ ${INPUT_BOUNDS.depth})`,
);

/** Criteria about a user (FORMAT.md Criteria). */
const criteria: Shape<Criteria> = variant<Criteria>('criteria', [
  ['attr', object({ attr: name, op: compareOp, value: json })],
  ['userGroup', object({ userGroup: array(id()) })],
  ['all', object({ all: array(lazy(() => criteria)) })],
  ['any', object({ any: array(lazy(() => criteria)) })],
  ['not', object({ not: lazy(() => criteria) })],
  [
    'logic',
    object({
      logic,
      where: record(
        name,
        lazy(() => criteria),
      ),
    }),
  ],
]);

const fieldCondition: Shape<Condition> = {
  parse: (v, path, refs) =>
    (v as Record<string, unknown>).user !== undefined
      ? object({ field: name, op: compareOp, user: name }).parse(v, path, refs)
      : object({ field: name, op: compareOp, value: json }).parse(v, path, refs),
};
/** A condition about a record (FORMAT.md Condition). */
const condition: Shape<Condition> = variant<Condition>('condition', [
  ['field', fieldCondition],
  ['all', object({ all: array(lazy(() => condition)) })],
  ['any', object({ any: array(lazy(() => condition)) })],
  ['not', object({ not: lazy(() => condition) })],
]);

const grant: Shape<Grant> = object({
  type: id(),
  id: optional(id()),
  actions: array(name, 1),
  env: optional(array(name)),
  when: optional(condition),
});

const advice = object({ field: name, op: compareOp, values: array(json) });
const sharingRule: Shape<SharingRule> = object({
  id: id(),
  actions: array(picklist(RULE_ACTIONS), 1),
  criteria: optional(criteria),
  advice: optional(array(advice)),
});

/** MODEL D10: an edited rule; its `id` may be left out (a rule keeps its id). */
const editedRule = object({
  id: optional(id()),
  actions: array(picklist(RULE_ACTIONS), 1),
  criteria: optional(criteria),
  advice: optional(array(advice)),
});

/** MODEL D9: a group id is alphanumeric. */
const groupId = refine(
  id(),
  (s) => /^[A-Za-z0-9]+$/.test(s),
  '',
  'must be alphanumeric (group ids, MODEL D9)',
);

/** One resource of a schema type; the id must name a stored resource of that type. */
const resourceRef: Shape<{ readonly type: string; readonly id: string }> = {
  parse(v, path, refs) {
    const r = object({ type: id(), id: id() }).parse(v, path, refs);
    refs.push({ path: `${path}.id`, kind: 'resource', id: r.id, type: r.type });
    return r;
  },
};

/** A user attribute value: a string, number, boolean or list of strings (FORMAT.md User). */
const attrValue: Shape<string | number | boolean | string[]> = {
  parse(v, path, refs) {
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
    if (Array.isArray(v)) return array(string(INPUT_BOUNDS.string, 0)).parse(v, path, refs);
    return fail(path, 'must be a string, number, boolean or list of strings');
  },
};

/** MODEL W2: a watch target, `"mine"` or `{ type, id?, env? }` (env: one or a list). */
const watchTarget: Shape<
  'mine' | { type: string; id?: string | undefined; env?: string | string[] | undefined }
> = {
  parse: (v, path, refs) =>
    v === 'mine'
      ? 'mine'
      : object(
          {
            type: id(),
            id: optional(id()),
            env: optional({
              parse: (e, p, r) => (typeof e === 'string' ? e : array(name, 1).parse(e, p, r)),
            }),
          },
          'a watch target ("mine" or { type, id?, env? })',
        ).parse(v, path, refs),
};

const exactlyOne = (a: { user?: string; group?: string }) =>
  (a.user === undefined) !== (a.group === undefined);
const ONE_OF = 'name exactly one of user or group';

/**
 * The args of every operation core implements, defined once. Each entry parses the
 * args object of its op; `ref(kind)` ids are checked against the world before the op runs.
 *
 * @example
 * const args: OpArgs<'share'> = parseOpArgs('share', { asset: 'q3', user: 'cat', level: 'view' });
 */
export const OP_ARGS = {
  // `groups` and `rule`: a bundle's automatic members (MODEL N7); `rule: null` on edit removes it.
  createBundle: object(
    {
      id: id(),
      grants: array(grant),
      groups: optional(array(id('group'))),
      rule: optional(criteria),
      description: optional(string(500, 0)),
    },
    'createBundle',
  ),
  editBundle: object(
    {
      id: id('bundle'),
      grants: array(grant),
      groups: optional(array(id('group'))),
      rule: optional(nullable(criteria)),
      // An empty description removes it.
      description: optional(string(500, 0)),
    },
    'editBundle',
  ),
  deleteBundle: object({ id: id('bundle') }, 'deleteBundle'),
  addToBundle: object(
    { bundle: id('bundle'), user: id('user'), administrator: optional(boolean) },
    'addToBundle',
  ),
  removeFromBundle: object({ bundle: id('bundle'), user: id('user') }, 'removeFromBundle'),
  addToGroup: object({ group: id('group'), user: id('user') }, 'addToGroup'),
  removeFromGroup: object({ group: id('group'), user: id('user') }, 'removeFromGroup'),
  // A new id creates the user (MODEL R3). `managerId: null` clears the manager; an
  // attribute cannot be set to null (values are string, number, boolean or string[]).
  setUser: object(
    {
      id: id(),
      attributes: optional(record(name, attrValue)),
      license: optional(picklist(LICENSES)),
      active: optional(boolean),
      superAdmin: optional(boolean),
      managerId: optional(nullable(id('user'))),
    },
    'setUser',
  ),
  assignRole: object({ user: id('user'), role: id('bundle') }, 'assignRole'),
  unassignRole: object({ user: id('user'), role: id('bundle') }, 'unassignRole'),
  // `fields` (e.g. `{ title }`) describe the asset, so reasons name it by its title.
  createAsset: object(
    {
      type: id(),
      id: id(),
      parent: optional(id('asset')),
      fields: optional(record(name, attrValue)),
    },
    'createAsset',
  ),
  deleteAsset: object({ asset: id('asset') }, 'deleteAsset'),
  setSharing: object({ asset: id('asset'), sharing: picklist(SHARINGS) }, 'setSharing'),
  share: refine(
    object(
      {
        asset: id('asset'),
        user: optional(id('user')),
        group: optional(id('group')),
        level: picklist(SHARE_LEVELS),
      },
      'share',
    ),
    exactlyOne,
    'user',
    ONE_OF,
  ),
  revoke: refine(
    object(
      { asset: id('asset'), user: optional(id('user')), group: optional(id('group')) },
      'revoke',
    ),
    exactlyOne,
    'user',
    ONE_OF,
  ),
  move: object({ assets: array(id('asset'), 1), to: id('asset') }, 'move'),
  setEveryone: object({ recordType: id(), on: boolean }, 'setEveryone'),
  addRule: object({ recordType: id(), rule: sharingRule }, 'addRule'),
  // MODEL D10: one rule at a time, by id.
  editRule: object({ recordType: id(), id: id(), rule: editedRule }, 'editRule'),
  deleteRule: object({ recordType: id(), id: id() }, 'deleteRule'),
  // MODEL D11: permission attributes of a record type.
  addAttribute: object(
    { recordType: id(), name, source: picklist(ATTRIBUTE_SOURCES) },
    'addAttribute',
  ),
  removeAttribute: object({ recordType: id(), name }, 'removeAttribute'),
  // MODEL D9: a field given replaces the old one; `rule: null` on edit removes it.
  createGroup: object(
    { id: groupId, members: optional(array(id('user'))), rule: optional(criteria) },
    'createGroup',
  ),
  editGroup: object(
    {
      id: id('group'),
      members: optional(array(id('user'))),
      rule: optional(nullable(criteria)),
    },
    'editGroup',
  ),
  deleteGroup: object({ id: id('group') }, 'deleteGroup'),
  // MODEL N13: direct grants on one resource; `revokeOn` without actions takes back all.
  grantOn: object({ resource: resourceRef, user: id('user'), actions: array(name, 1) }, 'grantOn'),
  revokeOn: object(
    { resource: resourceRef, user: id('user'), actions: optional(array(name, 1)) },
    'revokeOn',
  ),
  // MODEL E2: `fields` with `edit` change a draft; `draftCopy` makes a draft of an active one.
  transition: object(
    { resource: resourceRef, action: name, fields: optional(record(name, attrValue)) },
    'transition',
  ),
  draftCopy: object(
    { resource: resourceRef, id: id(), fields: optional(record(name, attrValue)) },
    'draftCopy',
  ),
  // MODEL W2, W3: `target` is "mine" or { type, id?, env? } (checked against the world by the op).
  watch: object({ target: watchTarget, actions: optional(array(name, 1)) }, 'watch'),
  unwatch: object({ target: watchTarget }, 'unwatch'),
  // The host's user table, mirrored (sync-users.ts): managers may name users listed in the
  // same call, so they are checked by the op, not as refs.
  syncUsers: object(
    {
      users: array(
        object(
          {
            id: id(),
            attributes: optional(record(name, attrValue)),
            license: optional(picklist(LICENSES)),
            active: optional(boolean),
            superAdmin: optional(boolean),
            managerId: optional(nullable(id())),
          },
          'a synced user',
        ),
        0,
        MAX_SYNC_USERS,
      ),
      deactivateMissing: optional(boolean),
    },
    'syncUsers',
  ),
} as const;

/**
 * Structural bounds of ops whose args are larger than one change: `syncUsers` takes up to
 * {@link MAX_SYNC_USERS} users, each with its attributes.
 */
const OP_BOUNDS: Partial<Record<string, InputBounds>> = {
  // the literal types of INPUT_BOUNDS name its defaults; a larger budget is still a budget
  syncUsers: { ...INPUT_BOUNDS, nodes: MAX_SYNC_USERS * 60 } as unknown as InputBounds,
};

/** The name of an operation core implements. */
export type OpName = keyof typeof OP_ARGS;

/** The parsed args of `K`, inferred from {@link OP_ARGS}. */
export type OpArgs<K extends OpName> = Infer<(typeof OP_ARGS)[K]>;

/**
 * Whether `name` is an operation core implements.
 *
 * @example
 * isOpName('share'); // true
 * isOpName('__proto__'); // false
 */
export const isOpName = (name: unknown): name is OpName =>
  typeof name === 'string' && Object.hasOwn(OP_ARGS, name);

/** Parses args into their typed form and the ids they name (see {@link resolveRefs}). */
export function parseOpArgsWithRefs<K extends OpName>(
  op: K,
  args: unknown,
): { args: OpArgs<K>; refs: Ref[] } {
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw new InvalidInputError('args', `must be an object with the args of ${op}`);
  checkStructure(args, 'args', OP_BOUNDS[op]);
  const refs: Ref[] = [];
  const parsed = (OP_ARGS[op] as Shape<OpArgs<K>>).parse(args, 'args', refs);
  return { args: parsed, refs };
}

/**
 * Validates the args of `op` (structural bounds, then types) and returns a fresh, typed
 * copy; throws an `InvalidInputError` whose `path` names the field and whose message
 * names the bound. Needs no world: the server runs it before taking any lock.
 *
 * @example
 * parseOpArgs('move', { assets: ['q3'], to: 'f1' }); // { assets: ['q3'], to: 'f1' }
 * parseOpArgs('move', { assets: [7], to: 'f1' }); // throws: invalid input at args.assets[0]: must be a string
 */
export function parseOpArgs<K extends OpName>(op: K, args: unknown): OpArgs<K> {
  return parseOpArgsWithRefs(op, args).args;
}

/** Throws an `UnknownIdError` for the first ref that names nothing in `store`. */
export function resolveRefs(store: Store, refs: readonly Ref[]): void {
  for (const r of refs) {
    const known =
      r.kind === 'user'
        ? store.users.has(r.id)
        : r.kind === 'bundle'
          ? store.bundles.has(r.id)
          : r.kind === 'group'
            ? store.groups.has(r.id)
            : r.kind === 'asset'
              ? store.assets.has(r.id)
              : // An unknown type is malformed, not an unknown id: the op says so.
                !store.schema.types.has(r.type ?? '') ||
                store.resources.get(r.type ?? '')?.has(r.id) === true;
    if (!known)
      throw new UnknownIdError(r.path, r.kind === 'resource' ? (r.type ?? r.kind) : r.kind, r.id);
  }
}
