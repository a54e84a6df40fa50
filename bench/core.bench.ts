/**
 * `@grantkit/core` figures, measured side by side in one process against a
 * raw `Map.get` with prebuilt keys (seven rounds, the median ratio) and against CASL 7
 * modelling the same grants.
 */
import { createMongoAbility, subject } from '@casl/ability';
import { createModel } from '@grantkit/core';
import { consume, type Harness, inTurn } from './harness.ts';
import { benchSchema, makeWorld } from './worlds.ts';

export default async function core(h: Harness): Promise<void> {
  // Baseline: a raw Map.get with prebuilt keys, the same 64 of the 10,000 as the resource
  // checks below rotate over: the cost of one key depends on its hash chain, and the hash
  // seed is random per process (one fixed key made these ratios a per-process lottery).
  const map = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) map.set(`survey:s${i}`, i);
  const picks = Array.from({ length: 64 }, (_, i) => (i * 157 + 42) % 10_000);
  const keys = picks.map((n) => `survey:s${n}`);
  const mapGet = inTurn(keys, (key) => map.get(key));

  // Type-level check (module level).
  const resourceIds = Array.from({ length: 10_000 }, (_, i) => ({
    type: 'survey',
    id: `s${i}`,
    actions: ['analyze'] as string[],
  }));
  const small = createModel(benchSchema, {
    users: [{ id: 'mod' }, { id: 'res' }, { id: 'inh' }],
    bundles: [
      { id: 'MOD', grants: [{ type: 'survey', actions: ['design'] }], users: ['mod'] },
      { id: 'RES', grants: resourceIds, users: ['res'] },
    ],
    resources: [
      { type: 'folder', id: 'top', sharing: 'specific', shares: [{ user: 'inh', level: 'view' }] },
      { type: 'folder', id: 'sub', parent: 'top' },
      { type: 'dashboard', id: 'deep', parent: 'sub' },
    ],
  });
  const mod = small.forUser('mod');
  const surveyType = { type: 'survey' } as const;
  if (!mod.check('design', surveyType)) throw new Error('type-level grant expected');

  // One of 10,000 resource grants (the 64 picked above, in turn).
  const res = small.forUser('res');
  const surveys = picks.map((n) => ({ type: 'survey', id: `s${n}` }) as const);
  if (!surveys.every((r) => res.check('analyze', r))) throw new Error('resource grant expected');
  const resourceCheck = inTurn(surveys, (r) => res.check('analyze', r));

  // A dashboard in a sub-folder shared at the top folder (MODEL A4).
  const inh = small.forUser('inh');
  const deep = { type: 'dashboard', id: 'deep' } as const;
  if (!inh.check('view', deep)) throw new Error('inherited share expected');

  // Seven rounds, each the checks between two Map.get runs; the median ratio of each.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const runs = { type: [] as number[], resource: [] as number[], inherited: [] as number[] };
  const ratios = { type: [] as number[], resource: [] as number[], inherited: [] as number[] };
  for (let round = 0; round < 7; round++) {
    const before = h.time(mapGet, { sampleMs: 60 });
    const ns = {
      type: h.time(() => mod.check('design', surveyType), { sampleMs: 60 }),
      resource: h.time(resourceCheck, { sampleMs: 60 }),
      inherited: h.time(() => inh.check('view', deep), { sampleMs: 60 }),
    };
    const base = (before + h.time(mapGet, { sampleMs: 60 })) / 2;
    for (const name of ['type', 'resource', 'inherited'] as const) {
      runs[name].push(ns[name]);
      ratios[name].push(ns[name] / base);
    }
  }
  h.figure('core.check.type.ratio_map', median(ratios.type), 'x', '<= 1.5');
  h.figure('core.check.resource.ratio_map', median(ratios.resource), 'x', '<= 3');
  h.figure('core.check.inherited.ratio_map', median(ratios.inherited), 'x', '<= 5');
  h.figure('core.check.type.ns', median(runs.type), 'ns');
  h.figure('core.check.resource.ns', median(runs.resource), 'ns');
  h.figure('core.check.inherited.ns', median(runs.inherited), 'ns');

  // CASL 7 with the same 1,000 resource grants.
  const thousand = resourceIds.slice(0, 1_000);
  const casl = createMongoAbility(
    thousand.map((g) => ({ action: 'analyze', subject: 'Survey', conditions: { id: g.id } })),
  );
  const caslSubject = subject('Survey', { id: 's500' });
  if (!casl.can('analyze', caslSubject)) throw new Error('CASL grant expected');
  const caslNs = h.time(() => casl.can('analyze', caslSubject), { samples: 5 });
  const gk = createModel(benchSchema, {
    users: [{ id: 'u' }],
    bundles: [{ id: 'B', grants: thousand, users: ['u'] }],
  }).forUser('u');
  const gkSurvey = { type: 'survey', id: 's500' } as const;
  if (!gk.check('analyze', gkSurvey)) throw new Error('Grantkit grant expected');
  const gkNs = h.time(() => gk.check('analyze', gkSurvey));
  h.figure('core.check.resource.casl_ns', caslNs, 'ns');
  h.figure('core.check.resource.speedup_casl', caslNs / gkNs, 'x', '>= 100');

  // Index build, 5k and 50k assets.
  const world5k = makeWorld({ users: 1_000, bundles: 50, assets: 5_000, folders: 500 });
  const build5k = await h.timeMs(() => createModel(benchSchema, world5k), { runs: 5 });
  h.figure('core.build.5k.ms', build5k, 'ms');
  const world50k = makeWorld({ users: 10_000, bundles: 500, assets: 50_000, folders: 5_000 });
  let big = createModel(benchSchema, world50k);
  const build50k = await h.timeMs(() => (big = createModel(benchSchema, world50k)), { runs: 3 });
  h.figure('core.build.50k.ms', build50k, 'ms');
  h.figure('core.build.growth_5k_to_50k', build50k / build5k, 'x', '~10 (linear)');

  // Listing for one user (a fresh user each run: includes compiling that user's grants).
  let n = 0;
  const listMs = await h.timeMs(
    () => {
      n += 97;
      return big.list(`u${n}`, 'asset');
    },
    { runs: 7 },
  );
  h.figure('core.list.50k.ms', listMs, 'ms', '<= 50');
  consume(big.list('u1', 'asset').length);
}
