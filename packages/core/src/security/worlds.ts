/**
 * Generated worlds for the escalation search (issue 10): a few users with manager
 * chains, groups with rules, bundles with page, module and resource grants and
 * bundle administrators, folders three levels deep with shares, record types with
 * sharing rules over records related by lookups, and engagements with a lifecycle.
 * Small on purpose: the search runs thousands of sequences on a busy CI.
 */
import fc from 'fast-check';
import {
  SHARE_LEVELS as LEVELS,
  type ResourceInput,
  SHARINGS,
  type ShareLevel,
  type WorldInput,
} from '../model/state.ts';
import type { Criteria, Grant } from '../schema/types.ts';

/** Users an operation may name; `sam` is the super admin (never an actor), `neo` is created by `setUser`. */
export const USERS = ['ann', 'bob', 'cat', 'dan', 'eve'] as const;
export const SUPER = 'sam';
export const NEW_USER = 'neo';
export const ALL_USERS: readonly string[] = [...USERS, SUPER, NEW_USER];
export const GROUPS = ['G1', 'G2'] as const;
/** A system-managed group (MODEL N11): no manual members. */
export const SYSTEM_GROUP = 'SP';
/** Custom bundles; the schema's built-in ones (PX_*, ROLE_*, VIEW_GROUP …) exist too. */
export const BUNDLES = ['ADM', 'B1', 'B2'] as const;
export const NEW_BUNDLE = 'NB';
export const ROLES = [
  ...BUNDLES,
  NEW_BUNDLE,
  'ROLE_USER_MANAGER',
  'PX_EDITOR',
  'PX_ADMIN',
  'VIEW_GROUP',
  'SP_INTERNAL_USER_GROUP',
] as const;
export const FOLDERS = ['f1', 'f2', 'f3'] as const;
export const DASHBOARDS = ['d1', 'd2', 'd3'] as const;
/** Ids `createAsset` may use (one of them taken, for K8). */
export const NEW_ASSETS = ['nf', 'nd', 'd1'] as const;
export const ASSETS: readonly string[] = [
  'home',
  'uncategorized',
  ...FOLDERS,
  ...DASHBOARDS,
  'nf',
  'nd',
];
export const ENGAGEMENTS = ['e1', 'e2', 'e3'] as const;
export const RECORDS = {
  relationshipType: ['rt1', 'rt2'],
  relationship: ['r1', 'r2'],
  cta: ['c1', 'c2', 'c3'],
} as const;
export const RECORD_TYPES = ['relationshipType', 'relationship', 'cta'] as const;
/** Names of permission attributes (MODEL D11): the user attributes and record fields rules use. */
export const ATTRIBUTE_NAMES = ['dept', 'region', 'tier'] as const;
export { LEVELS, SHARINGS };

/** The pages that carry authority (MODEL N10, D8, A10a) and a few ordinary ones. */
export const ADMIN_PAGES = [
  'administration',
  'administration.permissionBundles',
  'administration.sharingSettings',
  'administration.userManagement',
  'administration.dashboardBuilder',
  'dashboards',
] as const;
const PAGES = [...ADMIN_PAGES, 'timeline', 'c360', 'jo', 'jo.surveys', 'cockpit'] as const;

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const some = <T>(xs: readonly T[], max = xs.length) => fc.subarray([...xs], { maxLength: max });
const nonEmpty = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

/** Conditions only on record fields: a condition on the checking user (R2) differs per user. */
export const stateIs = (value: string) => ({ field: 'state', op: '=' as const, value });

/** One grant of a bundle: page, module level, resource level, environment or condition. */
export const grantArb: fc.Arbitrary<Grant> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('page'),
      id: pick(PAGES),
      actions: nonEmpty(['navigate', 'edit']),
    }),
  },
  fc.record({ type: fc.constant('survey'), actions: nonEmpty(['design', 'analyze', 'admin']) }),
  fc.record({
    type: fc.constant('survey'),
    id: fc.constant('s1'),
    actions: nonEmpty(['design', 'admin']),
  }),
  fc.record({ type: fc.constant('user'), actions: nonEmpty(['edit', 'create']) }),
  fc.record({ type: fc.constant('cockpit'), actions: nonEmpty(['createCta', 'deleteCta']) }),
  fc.record({
    type: fc.constant('engagement'),
    actions: nonEmpty(['view', 'launch', 'pause']),
    env: pick([['staging'], ['production']]),
  }),
  fc.record({
    type: fc.constant('engagement'),
    actions: nonEmpty(['edit', 'view']),
    when: pick([stateIs('draft'), stateIs('active')]),
  }),
  fc.record({ type: pick(['dashboard', 'folder']), actions: nonEmpty(['view', 'edit', 'share']) }),
  fc.record({
    type: fc.constant('folder'),
    id: pick(FOLDERS),
    actions: nonEmpty(['view', 'edit', 'admin']),
  }),
  fc.record({
    type: fc.constant('dashboard'),
    id: pick(DASHBOARDS),
    actions: nonEmpty(['view', 'admin']),
  }),
  fc.record({ type: pick(RECORD_TYPES), actions: nonEmpty(['read', 'write']) }),
) as fc.Arbitrary<Grant>;

/** User criteria: attributes, group membership and advanced logic (MODEL N7). */
export const criteriaArb: fc.Arbitrary<Criteria> = fc.oneof(
  fc.record({ attr: fc.constant('dept'), op: fc.constant('=' as const), value: pick(['a', 'b']) }),
  fc.record({
    attr: fc.constant('region'),
    op: fc.constant('=' as const),
    value: pick(['x', 'y']),
  }),
  fc.record({ userGroup: nonEmpty(GROUPS) }),
  fc.constant({
    logic: 'A and not B',
    where: { A: { attr: 'dept', op: '=' as const, value: 'a' }, B: { userGroup: ['G2'] } },
  }),
) as fc.Arbitrary<Criteria>;

/** A sharing rule of a record type (MODEL D3): criteria about users, advice about records. */
export const ruleArb = (id: fc.Arbitrary<string>) =>
  fc.record(
    {
      id,
      actions: nonEmpty(['read', 'write'] as const),
      criteria: criteriaArb,
      advice: fc.constantFrom(
        [{ field: 'tier', op: '=' as const, values: ['gold'] }],
        [{ field: 'region', op: '=' as const, values: ['x', 'y'] }],
      ),
    },
    { requiredKeys: ['id', 'actions'] },
  );

const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const userArb = (id: string, managers: readonly string[]) =>
  fc.record({
    id: fc.constant(id),
    license: fc.constantFrom('full', 'full', 'full', 'full', 'full', 'viewer', 'viewer-analytics'),
    active: fc.constantFrom(true, true, true, true, false),
    attributes: fc.record({ dept: pick(['a', 'b']), region: pick(['x', 'y']) }),
    managerId:
      managers.length === 0 ? fc.constant(undefined) : fc.constantFrom(undefined, ...managers),
    roles: some(['ROLE_USER_MANAGER', 'PX_EDITOR', 'PX_ADMIN', 'PX_PRODUCTION_LAUNCHER'], 2),
  });

const bundleArb = (id: string) =>
  fc.record(
    {
      id: fc.constant(id),
      grants:
        id === 'ADM'
          ? nonEmpty(ADMIN_PAGES).map((ps) =>
              ps.map((p) => ({ type: 'page', id: p, actions: ['navigate'] })),
            )
          : fc.array(grantArb, { minLength: 1, maxLength: 4 }),
      users: fc.subarray([...USERS], { minLength: id === 'ADM' ? 1 : 0, maxLength: 3 }),
      groups: some(GROUPS, 1),
      rule: criteriaArb,
      administrators: some(USERS, 2),
    },
    { requiredKeys: ['id', 'grants', 'users', 'administrators'] },
  );

const assetArb = fc.record({
  f2: pick(['home', 'f1']),
  f3: pick(['home', 'f1', 'f2']),
  d1: pick(['f1', 'f2', 'f3', 'uncategorized']),
  d2: pick(['home', 'f1', 'f2']),
  d3: pick(['f3', 'uncategorized', 'f2']),
  owners: fc.array(pick(['ann', 'bob', 'cat', SUPER]), { minLength: 6, maxLength: 6 }),
  sharing: fc.array(pick(SHARINGS), { minLength: 6, maxLength: 6 }),
  shares: fc.array(
    fc.record({
      asset: pick([...FOLDERS, ...DASHBOARDS]),
      to: pick([...USERS, ...GROUPS]),
      level: pick<ShareLevel>([...LEVELS, 'view-edit']),
    }),
    { maxLength: 6 },
  ),
});

const recordTypeArb = (type: string) =>
  fc.record({
    type: fc.constant(type),
    everyone: fc.boolean(),
    rules: fc
      .array(ruleArb(fc.constantFrom('p1', 'p2')), { maxLength: 2 })
      .map((rs) => rs.filter((r, i) => rs.findIndex((x) => x.id === r.id) === i)),
    // MODEL D11: mostly no list (any name); sometimes the names rules use, or a few.
    attributes: fc.constantFrom(
      [],
      [],
      [
        { name: 'dept', source: 'user' as const },
        { name: 'region', source: 'user' as const },
        { name: 'tier', source: 'resource' as const },
      ],
      [{ name: 'tier', source: 'resource' as const }],
    ),
  });

/** Records related by lookups (MODEL D4) and engagements in every lifecycle state (MODEL E2). */
const FIXED_RESOURCES: ResourceInput[] = [
  { type: 'survey', id: 's1' },
  { type: 'engagement', id: 'e1', env: 'production', state: 'draft' },
  { type: 'engagement', id: 'e2', env: 'staging', state: 'active' },
  { type: 'engagement', id: 'e3', env: 'staging', state: 'paused' },
  { type: 'relationshipType', id: 'rt1', fields: { tier: 'gold' } },
  { type: 'relationshipType', id: 'rt2', fields: { tier: 'silver' } },
  { type: 'relationship', id: 'r1', fields: { region: 'x' }, lookups: { relationshipType: 'rt1' } },
  { type: 'relationship', id: 'r2', fields: { region: 'y' }, lookups: { relationshipType: 'rt2' } },
  { type: 'cta', id: 'c1', lookups: { relationship: 'r1' } },
  { type: 'cta', id: 'c2', fields: { tier: 'gold' }, lookups: { relationshipType: 'rt2' } },
  { type: 'cta', id: 'c3', fields: { region: 'y' } },
];

/** A whole generated world. */
export const worldArb: fc.Arbitrary<WorldInput> = fc
  .record({
    users: fc.tuple(...USERS.map((id, i) => userArb(id, USERS.slice(0, i)))),
    groups: fc.tuple(
      ...GROUPS.map((id) =>
        fc.record({
          id: fc.constant(id),
          members: some(USERS, 2),
          rule: fc.option(
            criteriaArb.filter((c) => !('userGroup' in c) && !('logic' in c)),
            { nil: undefined },
          ),
        }),
      ),
    ),
    bundles: fc.tuple(...BUNDLES.map(bundleArb)),
    assets: assetArb,
    recordTypes: fc.tuple(...RECORD_TYPES.map(recordTypeArb)),
  })
  .map((w): WorldInput => {
    const { f2, f3, d1, d2, d3 } = w.assets;
    const parents: Record<string, string> = { f1: 'home', f2, f3, d1, d2, d3 };
    if (parents.f3 === 'f2' && parents.f2 === 'f1') parents.f3 = 'f1'; // MODEL A4: three levels
    const resources: ResourceInput[] = [...FOLDERS, ...DASHBOARDS].map((id, i) => {
      const shares = w.assets.shares
        .filter((s) => s.asset === id)
        .filter((s, j, all) => all.findIndex((x) => x.to === s.to) === j)
        .map((s) =>
          s.to.startsWith('G') ? { group: s.to, level: s.level } : { user: s.to, level: s.level },
        );
      return {
        type: id.startsWith('f') ? 'folder' : 'dashboard',
        id,
        parent: parents[id]!,
        owner: w.assets.owners[i]!,
        sharing: shares.length > 0 ? 'specific' : w.assets.sharing[i]!,
        shares,
      };
    });
    return {
      users: [...w.users.map((u) => clean(u)), { id: SUPER, superAdmin: true, managerId: 'ann' }],
      groups: [
        ...w.groups.map((g) => clean(g)),
        { id: SYSTEM_GROUP, members: ['eve'], systemManaged: true },
      ],
      bundles: w.bundles.map((b) => clean(b)),
      resources: [...resources, ...FIXED_RESOURCES],
      recordTypes: w.recordTypes,
    } as WorldInput;
  });
