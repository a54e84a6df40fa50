/**
 * Property: on generated worlds (users with licenses, managers and attributes, groups by
 * rule, bundles with page / module / environment / conditional / resource grants, folder
 * trees with every sharing level, engagements, records with lookups and sharing rules),
 * the snapshot evaluator answers every random check exactly as the model does.
 * At least 100,000 checks in all. `fields` are passed only for resources the world does
 * not store: for a stored resource the snapshot answers from the stored record, as the
 * server would (the one documented difference from `model.check`, which would fall back
 * to passed fields for fields the stored record lacks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gainsight } from '../__fixtures__/shared.ts';
import { createModel } from '../model/model.ts';
import {
  SHARE_LEVELS as LEVELS,
  type ResourceInput,
  SHARINGS,
  type WorldInput,
} from '../model/state.ts';
import type { Condition, Criteria, Grant, ResourceRef } from '../schema/types.ts';
import { compileSnapshot } from './compile.ts';
import { createEvaluator } from './explain.ts';
import type { GrantSnapshot } from './format.ts';

/** mulberry32: a small deterministic PRNG, so a failing seed reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => chance(p));
  return { int, pick, chance, some };
}

const REGIONS = ['emea', 'amer', 'apac'];
const PAGES = [
  'timeline',
  'c360',
  'r360',
  'dashboards',
  'jo',
  'jo.surveys',
  'administration',
  'administration.dashboardBuilder',
  'administration.permissionBundles',
  'administration.sharingSettings',
];

function makeWorld(seed: number): { world: WorldInput; refs: ResourceRef[] } {
  const r = rng(seed);
  const nUsers = 3 + r.int(6);
  const users = Array.from({ length: nUsers }, (_, i) => `u${i}`);
  const groups = Array.from({ length: 1 + r.int(3) }, (_, i) => `G${i}`);
  const criteria = (): Criteria =>
    r.pick<Criteria>([
      { attr: 'region', op: '=', value: r.pick(REGIONS) },
      { attr: 'tier', op: '>=', value: r.int(3) },
      { userGroup: [r.pick(groups)] },
      {
        any: [
          { attr: 'region', op: 'in', value: r.some(REGIONS, 0.5) },
          { attr: 'tags', op: 'contains', value: 'vip' },
        ],
      },
      { not: { attr: 'region', op: '=', value: r.pick(REGIONS) } },
    ]);
  const condition = (): Condition =>
    r.pick<Condition>([
      { field: 'state', op: '=', value: 'draft' },
      { field: 'handledBy', op: '=', user: 'id' },
      { field: 'region', op: '=', user: 'region' },
      {
        any: [
          { field: 'state', op: '!=', value: 'active' },
          { field: 'region', op: 'in', value: ['emea'] },
        ],
      },
    ]);
  const folders: ResourceInput[] = [];
  for (let i = 0; i < r.int(6); i++) {
    const top = folders.filter((f) => f.parent === 'home');
    const parent = top.length > 0 && r.chance(0.5) ? r.pick(top).id : 'home';
    folders.push({ type: 'folder', id: `f${i}`, parent });
  }
  const folderIds = ['home', 'uncategorized', ...folders.map((f) => f.id)];
  const dashboards: ResourceInput[] = Array.from({ length: 2 + r.int(8) }, (_, i) => ({
    type: 'dashboard',
    id: `d${i}`,
    parent: r.pick(folderIds),
  }));
  const assets = [...folders, ...dashboards].map((a): ResourceInput => {
    const sharing = r.pick(SHARINGS);
    return {
      ...a,
      ...(r.chance(0.7) ? { owner: r.pick(users) } : {}),
      sharing,
      ...(sharing === 'specific'
        ? {
            shares: [
              ...r.some(users, 0.3).map((user) => ({ user, level: r.pick(LEVELS) })),
              ...r.some(groups, 0.3).map((group) => ({ group, level: r.pick(LEVELS) })),
            ],
          }
        : {}),
    };
  });
  const engagements: ResourceInput[] = Array.from({ length: r.int(5) }, (_, i) => ({
    type: 'engagement',
    id: `e${i}`,
    env: r.pick(['production', 'staging']),
    state: r.pick(['draft', 'active', 'paused']),
    fields: { region: r.pick(REGIONS) },
  }));
  const rts: ResourceInput[] = Array.from({ length: 1 + r.int(2) }, (_, i) => ({
    type: 'relationshipType',
    id: `rt${i}`,
    fields: { region: r.pick(REGIONS) },
  }));
  const rels: ResourceInput[] = Array.from({ length: r.int(4) }, (_, i) => ({
    type: 'relationship',
    id: `r${i}`,
    fields: { region: r.pick(REGIONS), tier: r.int(3) },
    lookups: { relationshipType: r.pick(rts).id },
  }));
  const ctas: ResourceInput[] = Array.from({ length: r.int(4) }, (_, i) => ({
    type: 'cta',
    id: `c${i}`,
    fields: { region: r.pick(REGIONS) },
    lookups: {
      ...(rels.length > 0 && r.chance(0.7) ? { relationship: r.pick(rels).id } : {}),
      relationshipType: r.pick(rts).id,
    },
  }));
  const events: ResourceInput[] = Array.from({ length: r.int(3) }, (_, i) => ({
    type: 'reportEvent',
    id: `ev${i}`,
    fields: { handledBy: r.pick(users) },
  }));
  const grant = (): Grant => {
    const kind = r.int(9);
    if (kind <= 2)
      return { type: 'page', id: r.pick(PAGES), actions: [r.pick(['navigate', 'edit'])] };
    if (kind === 3)
      return {
        type: 'survey',
        ...(r.chance(0.5) ? { id: `s${r.int(3)}` } : {}),
        actions: [r.pick(['design', 'distribute', 'analyze', 'admin'])],
      };
    if (kind === 4)
      return {
        type: 'engagement',
        ...(r.chance(0.2) && engagements.length > 0 ? { id: r.pick(engagements).id } : {}),
        actions: r.some(['view', 'edit', 'launch', 'pause'], 0.5).concat('view'),
        ...(r.chance(0.5) ? { env: [r.pick(['production', 'staging'])] } : {}),
        ...(r.chance(0.4) ? { when: condition() } : {}),
      };
    if (kind === 5)
      return {
        type: 'reportEvent',
        actions: ['read'],
        ...(r.chance(0.6) ? { when: condition() } : {}),
      };
    if (kind === 6)
      return {
        type: r.pick(['dashboard', 'folder']),
        ...(r.chance(0.7) ? { id: r.pick(assets).id } : {}),
        actions: [r.pick(['view', 'edit', 'share'])],
      };
    if (kind === 7)
      return {
        type: r.pick(['cta', 'relationship']),
        actions: [r.pick(['read', 'write'])],
        ...(r.chance(0.5) ? { when: condition() } : {}),
      };
    return { type: r.pick(['cockpit', 'user', 'channel']), actions: ['manage'] };
  };
  const safeGrant = (): Grant => {
    const g = grant();
    const valid: Record<string, string[]> = {
      cockpit: ['createCta'],
      user: ['edit'],
      channel: ['manage'],
    };
    return valid[g.type] !== undefined ? { type: g.type, actions: valid[g.type]! } : g;
  };
  const bundles = Array.from({ length: 1 + r.int(4) }, (_, i) => ({
    id: `B${i}`,
    grants: Array.from({ length: 1 + r.int(5) }, safeGrant),
    users: r.some(users, 0.3),
    groups: r.some(groups, 0.3),
    ...(r.chance(0.3) ? { rule: criteria() } : {}),
    ...(r.chance(0.2) ? { removed: r.some(users, 0.2) } : {}),
  }));
  const world: WorldInput = {
    users: users.map((id, i) => ({
      id,
      license: r.pick(['full', 'full', 'full', 'viewer', 'viewer-analytics']),
      active: r.chance(0.9),
      superAdmin: r.chance(0.08),
      ...(i > 0 && r.chance(0.4) ? { managerId: users[r.int(i)]! } : {}),
      attributes: {
        region: r.pick(REGIONS),
        tier: r.int(3),
        ...(r.chance(0.3) ? { tags: ['vip'] } : {}),
      },
      ...(r.chance(0.3)
        ? {
            roles: r.some(
              [
                'PX_VIEWER',
                'PX_EDITOR',
                'PX_MANAGER',
                'PX_PRODUCTION_LAUNCHER',
                'ROLE_USER',
                'ROLE_REPORT_VIEWER',
              ],
              0.4,
            ),
          }
        : {}),
    })),
    groups: groups.map((id) =>
      r.chance(0.4) ? { id, rule: criteria() } : { id, members: r.some(users, 0.4) },
    ),
    bundles,
    resources: [...assets, ...engagements, ...rts, ...rels, ...ctas, ...events],
    recordTypes: ['relationshipType', 'relationship', 'cta'].map((type) => ({
      type,
      everyone: r.chance(0.3),
      rules: Array.from({ length: r.int(3) }, (_, i) => ({
        id: `${type}-rule${i}`,
        actions: r.chance(0.5) ? (['read'] as const) : (['read', 'write'] as const),
        ...(r.chance(0.6) ? { criteria: criteria() } : {}),
        ...(r.chance(0.6)
          ? {
              advice: [
                {
                  field: 'region',
                  op: r.pick(['=', '!=', 'in'] as const),
                  values: r.some(REGIONS, 0.5),
                },
              ],
            }
          : {}),
      })),
    })),
  };
  const refs: ResourceRef[] = [];
  for (const x of world.resources ?? []) refs.push({ type: x.type, id: x.id });
  for (const p of PAGES) refs.push({ type: 'page', id: p });
  return { world, refs };
}

const CHECKS_PER_WORLD = 700;
const WORLDS = 150;

describe('snapshot evaluator agrees with the model (property)', () => {
  it(`on ${WORLDS} generated worlds × ${CHECKS_PER_WORLD} random checks (≥ 100,000)`, () => {
    const schema = gainsight();
    const typeNames = [...schema.types.keys()];
    let total = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { world, refs } = makeWorld(seed);
        let model: ReturnType<typeof createModel>;
        try {
          model = createModel(schema, world);
        } catch {
          return true; // a generated world the loader refuses (e.g. a removed user not in the bundle) is skipped
        }
        const r = rng(seed ^ 0x5bd1e995);
        const evaluators = new Map<string, ReturnType<typeof createEvaluator>>();
        const users = world.users.map((u) => u.id);
        for (let i = 0; i < CHECKS_PER_WORLD; i++) {
          const user = r.pick(users);
          const viewAs = r.chance(0.05) ? r.pick(users) : undefined;
          const key = `${user}/${viewAs ?? ''}`;
          let ev = evaluators.get(key);
          if (ev === undefined) {
            const s = compileSnapshot(model, user, {
              tenant: 't',
              ...(viewAs === undefined ? {} : { viewAs }),
            });
            ev = createEvaluator(JSON.parse(JSON.stringify(s)) as GrantSnapshot);
            evaluators.set(key, ev);
          }
          let ref: ResourceRef;
          const shape = r.int(10);
          if (shape < 6) ref = r.pick(refs);
          else if (shape < 8)
            ref = {
              type: r.pick(typeNames),
              ...(r.chance(0.5) ? { env: r.pick(['production', 'staging']) } : {}),
            };
          else ref = { type: r.pick(typeNames), id: `new${r.int(3)}` };
          // Fields describe resources the server does not store (a stored resource is answered
          // from its stored fields; see the snapshot README section).
          if ((ref.id === undefined || ref.id.startsWith('new')) && r.chance(0.5))
            ref = {
              ...ref,
              fields: {
                region: r.pick(REGIONS),
                state: r.pick(['draft', 'active']),
                handledBy: r.pick(users),
              },
            };
          const actions = schema.types.get(ref.type)!.actions;
          const action = r.chance(0.02) ? 'noSuchAction' : r.pick(actions);
          const opts = viewAs === undefined ? undefined : { viewAs };
          const want = model.check(user, action, ref, opts);
          const got = ev.check(action, ref);
          total++;
          if (got !== want)
            throw new Error(
              `seed ${seed}: ${user}${viewAs ? ` as ${viewAs}` : ''} ${action} ${JSON.stringify(ref)}: model ${want}, snapshot ${got}`,
            );
          if (i % 7 === 0 && ev.explain(action, ref).allowed !== want)
            throw new Error(`seed ${seed}: explain disagrees on ${action} ${JSON.stringify(ref)}`);
        }
        return true;
      }),
      { numRuns: WORLDS, seed: Number(process.env.GRANTKIT_PROPERTY_SEED ?? 20261123) },
    );
    expect(total).toBeGreaterThanOrEqual(100_000);
  });
});
