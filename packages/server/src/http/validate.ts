/**
 * Request bodies of the admin ops (FORMAT.md's `do` list), validated with valibot
 * before they reach the model, so a 400 names the exact field path
 * (`args.assets[3]`). The model then judges ids and rules.
 */
import * as v from 'valibot';

const Id = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(256, 'is longer than 256 characters'),
);
const Name = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(256),
);
const CompareOp = v.picklist(
  ['=', '!=', 'in', 'contains', 'startsWith', '>', '>=', '<', '<='],
  'is not a comparison operator',
);

type ConditionShape =
  | { field: string; op: string; value: unknown }
  | { field: string; op: string; user: string }
  | { all: ConditionShape[] }
  | { any: ConditionShape[] }
  | { not: ConditionShape };
const Condition: v.GenericSchema<ConditionShape> = v.lazy(() =>
  v.union(
    [
      v.strictObject({ field: Name, op: CompareOp, value: v.unknown() }),
      v.strictObject({ field: Name, op: CompareOp, user: Name }),
      v.strictObject({ all: v.array(Condition) }),
      v.strictObject({ any: v.array(Condition) }),
      v.strictObject({ not: Condition }),
    ],
    'must be a condition: { field, op, value | user } or all / any / not',
  ),
);

type CriteriaShape =
  | { attr: string; op: string; value: unknown }
  | { userGroup: string[] }
  | { all: CriteriaShape[] }
  | { any: CriteriaShape[] }
  | { not: CriteriaShape }
  | { logic: string; where: Record<string, CriteriaShape> };
const Criteria: v.GenericSchema<CriteriaShape> = v.lazy(() =>
  v.union(
    [
      v.strictObject({ attr: Name, op: CompareOp, value: v.unknown() }),
      v.strictObject({ userGroup: v.array(Id) }),
      v.strictObject({ all: v.array(Criteria) }),
      v.strictObject({ any: v.array(Criteria) }),
      v.strictObject({ not: Criteria }),
      v.strictObject({
        logic: v.pipe(v.string(), v.maxLength(1000)),
        where: v.record(v.string(), Criteria),
      }),
    ],
    'must be criteria: { attr, op, value }, { userGroup }, all / any / not, or { logic, where }',
  ),
);

const Grant = v.strictObject({
  type: Id,
  id: v.optional(Id),
  actions: v.pipe(v.array(Name), v.minLength(1, 'must name at least one action')),
  env: v.optional(v.array(Name)),
  when: v.optional(Condition),
});
const Grants = v.pipe(v.array(Grant), v.maxLength(10_000));
const AttrValue = v.union(
  [v.string(), v.number(), v.boolean(), v.array(v.string())],
  'must be a string, number, boolean or list of strings',
);
const Advice = v.strictObject({ field: Name, op: CompareOp, values: v.array(v.unknown()) });
const SharingRule = v.strictObject({
  id: Id,
  actions: v.pipe(
    v.array(v.picklist(['read', 'write'], 'must be "read" or "write"')),
    v.minLength(1),
  ),
  criteria: v.optional(Criteria),
  advice: v.optional(v.array(Advice)),
});
const Level = v.picklist(
  ['view', 'view-edit', 'view-share', 'admin'],
  'must be view, view-edit, view-share or admin',
);
const ONE_OF = 'name exactly one of user or group';
/** The args schema of every op. */
export const OP_ARGS = {
  // `groups` and `rule`: the bundle's automatic members (MODEL N7); `rule: null` removes it.
  createBundle: v.strictObject({
    id: Id,
    grants: Grants,
    groups: v.optional(v.array(Id)),
    rule: v.optional(Criteria),
  }),
  editBundle: v.strictObject({
    id: Id,
    grants: Grants,
    groups: v.optional(v.array(Id)),
    rule: v.optional(v.nullable(Criteria)),
  }),
  deleteBundle: v.strictObject({ id: Id }),
  addToBundle: v.strictObject({ bundle: Id, user: Id, administrator: v.optional(v.boolean()) }),
  removeFromBundle: v.strictObject({ bundle: Id, user: Id }),
  addToGroup: v.strictObject({ group: Id, user: Id }),
  removeFromGroup: v.strictObject({ group: Id, user: Id }),
  setUser: v.strictObject({
    id: Id,
    attributes: v.optional(v.record(Name, AttrValue)),
    license: v.optional(
      v.picklist(
        ['full', 'viewer', 'viewer-analytics'],
        'must be full, viewer or viewer-analytics',
      ),
    ),
    active: v.optional(v.boolean()),
    superAdmin: v.optional(v.boolean()),
    managerId: v.optional(Id),
  }),
  assignRole: v.strictObject({ user: Id, role: Id }),
  unassignRole: v.strictObject({ user: Id, role: Id }),
  deleteAsset: v.strictObject({ asset: Id }),
  createAsset: v.strictObject({ type: Id, id: Id, parent: v.optional(Id) }),
  setSharing: v.strictObject({
    asset: Id,
    sharing: v.picklist(
      ['private', 'public-view', 'public-view-share', 'public-view-edit', 'specific'],
      'is not a sharing level',
    ),
  }),
  share: v.pipe(
    v.strictObject({ asset: Id, user: v.optional(Id), group: v.optional(Id), level: Level }),
    v.forward(
      v.check((a) => (a.user === undefined) !== (a.group === undefined), ONE_OF),
      ['user'],
    ),
  ),
  revoke: v.pipe(
    v.strictObject({ asset: Id, user: v.optional(Id), group: v.optional(Id) }),
    v.forward(
      v.check((a) => (a.user === undefined) !== (a.group === undefined), ONE_OF),
      ['user'],
    ),
  ),
  move: v.strictObject({
    assets: v.pipe(v.array(Id), v.minLength(1, 'must name at least one asset')),
    to: Id,
  }),
  setEveryone: v.strictObject({ recordType: Id, on: v.boolean('must be true or false') }),
  addRule: v.strictObject({ recordType: Id, rule: SharingRule }),
  transition: v.strictObject({ resource: v.strictObject({ type: Id, id: Id }), action: Name }),
} as const;

/** The name of an admin op. */
export type OpName = keyof typeof OP_ARGS;

/** Whether `name` is an admin op. */
export const isOpName = (name: string): name is OpName => Object.hasOwn(OP_ARGS, name);

/** A validation failure: the field path (`args.assets[3]`) and what is wrong with it. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

type AnyIssue = v.BaseIssue<unknown>;

/** The most specific issue: unions report their deepest sub-issue. */
function deepest(issue: AnyIssue): AnyIssue {
  let best = issue;
  for (const sub of issue.issues ?? []) {
    const d = deepest(sub);
    if ((d.path?.length ?? 0) > (best.path?.length ?? 0)) best = d;
  }
  return best;
}

function pathOf(issue: AnyIssue, root: string): string {
  let out = root;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Validates the args of `op`: the args, or the first issue with its field path. */
export function validateArgs(
  op: OpName,
  args: unknown,
): { ok: true; args: Record<string, unknown> } | { ok: false; issue: FieldIssue } {
  const result = v.safeParse(OP_ARGS[op], args, { abortEarly: true });
  if (result.success) return { ok: true, args: result.output as Record<string, unknown> };
  const issue = deepest(result.issues[0] as AnyIssue);
  const field = pathOf(issue, 'args');
  const unknownKey =
    issue.kind === 'schema' && issue.type === 'strict_object' && issue.path !== undefined;
  const message = unknownKey
    ? `${field} is not an argument of ${op}`
    : `${field} ${issue.message.startsWith('Invalid') ? `is invalid (${issue.message})` : issue.message}`;
  return { ok: false, issue: { field, message } };
}
