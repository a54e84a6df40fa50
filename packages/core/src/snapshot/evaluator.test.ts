import { describe, expect, it } from 'vitest';
import { model } from '../__fixtures__/shared.ts';
import { compileSnapshot } from './compile.ts';
import { createChecker, createCheckSwitch, explainShort } from './evaluator.ts';
import { createEvaluator, explainFull } from './explain.ts';

describe('snapshot evaluator: fails closed (MODEL C3, R2)', () => {
  const m = model({
    users: [{ id: 'cal', roles: ['ROLE_USER'] }],
    resources: [{ type: 'reportEvent', id: 'ev1', fields: { handledBy: 'cal' } }],
  });
  const me = createEvaluator(
    JSON.parse(JSON.stringify(compileSnapshot(m, 'cal', { tenant: 't' }))),
  );

  it('answers conditional grants from the fields it is given', () => {
    expect(me.check('read', { type: 'reportEvent', id: 'new', fields: { handledBy: 'cal' } })).toBe(
      true,
    );
    expect(me.check('read', { type: 'reportEvent', id: 'new', fields: { handledBy: 'ann' } })).toBe(
      false,
    );
  });

  it('is false, never a throw, when the fields cannot be read', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('unreadable');
        },
      },
    );
    expect(me.check('read', { type: 'reportEvent', id: 'new', fields: hostile })).toBe(false);
  });

  it('is false for input that is not a resource reference', () => {
    expect(me.check('read', null as never)).toBe(false);
    expect(me.check({} as never, { type: 'reportEvent', id: 'ev1' })).toBe(false);
    expect(me.check('read', { type: 'nope', id: 'ev1' })).toBe(false);
  });
});

describe('snapshot of a user (MODEL C1, C2, C4, C5)', () => {
  const world = () => ({
    users: [{ id: 'ann', roles: ['ROLE_USER'] }, { id: 'own' }, { id: 'sam', superAdmin: true }],
    resources: [
      {
        type: 'folder',
        id: 'f',
        owner: 'own',
        sharing: 'specific' as const,
        shares: [{ user: 'ann', level: 'view-edit' as const }],
      },
      { type: 'dashboard', id: 'd', parent: 'f', owner: 'own' },
      { type: 'engagement', id: 'e', env: 'staging', state: 'draft' },
    ],
  });
  const refs = (m: ReturnType<typeof model>) =>
    (m.toWorld().resources ?? []).map((r) => ({ type: r.type, id: r.id }));

  it('names its user and tenant (MODEL C4) and carries a revision that moves with each change (MODEL C1, C2)', () => {
    const m = model(world());
    const before = compileSnapshot(m, 'ann', { tenant: 't1' });
    expect(before).toMatchObject({ user: 'ann', tenant: 't1', revision: m.revision });
    m.apply('sam', { op: 'revoke', args: { asset: 'f', user: 'ann' } });
    const after = compileSnapshot(m, 'ann', { tenant: 't1' });
    expect(after.revision).toBe(before.revision + 1);
    expect(createEvaluator(before).check('edit', { type: 'dashboard', id: 'd' })).toBe(true);
    expect(createEvaluator(after).check('view', { type: 'dashboard', id: 'd' })).toBe(false);
  });

  it('answers as the server-side check on every stored resource (MODEL C5)', () => {
    const m = model(world());
    const me = createEvaluator(
      JSON.parse(JSON.stringify(compileSnapshot(m, 'ann', { tenant: 't' }))),
    );
    for (const r of refs(m))
      for (const a of m.schema.types.get(r.type)!.actions)
        expect([r.id, a, me.check(a, r)]).toEqual([r.id, a, m.check('ann', a, r)]);
  });
});

describe('explanations of records (MODEL K6, D4)', () => {
  it('names the bundle grant on a parent record, as the model does (one walk of record sources)', () => {
    const m = model({
      users: [{ id: 'ann' }],
      bundles: [
        {
          id: 'B',
          grants: [{ type: 'relationship', id: 'r1', actions: ['read'] }],
          users: ['ann'],
        },
      ],
      resources: [
        { type: 'relationship', id: 'r1' },
        { type: 'cta', id: 'c1', lookups: { relationship: 'r1' } },
      ],
      recordTypes: [
        { type: 'relationship', everyone: false, rules: [] },
        { type: 'cta', everyone: false, rules: [] },
      ],
    });
    const c1 = { type: 'cta', id: 'c1' };
    const want = m.explain('ann', 'read', c1);
    expect(want.reasons).toContainEqual(
      expect.objectContaining({
        kind: 'bundle',
        bundle: 'B',
        lookup: { type: 'relationship', id: 'r1' },
      }),
    );
    const me = createEvaluator(
      JSON.parse(JSON.stringify(compileSnapshot(m, 'ann', { tenant: 't' }))),
    );
    expect(me.explain('read', c1).reasons).toEqual(want.reasons);
  });
});

describe('a checker without the explanation texts (issue 15: the client ships check and short reasons)', () => {
  const m = model({
    users: [{ id: 'ann', roles: ['ROLE_USER'] }, { id: 'own' }],
    resources: [
      {
        type: 'folder',
        id: 'f',
        owner: 'own',
        sharing: 'specific' as const,
        shares: [{ user: 'ann', level: 'view' as const }],
      },
      { type: 'dashboard', id: 'd', parent: 'f', owner: 'own', fields: { title: 'Q3' } },
    ],
  });
  const json = () => JSON.parse(JSON.stringify(compileSnapshot(m, 'ann', { tenant: 't' })));

  it('createChecker answers as createEvaluator; explainShort gives the answer and what it is about', () => {
    const me = createChecker(json());
    const full = createEvaluator(json());
    const d = { type: 'dashboard', id: 'd', fields: { title: 'Q3' } };
    for (const a of ['view', 'edit']) expect(me.check(a, d)).toBe(full.check(a, d));
    expect(explainShort(me, 'view', d)).toEqual({
      allowed: true,
      reasons: [],
      message: 'view on dashboard “Q3”: allowed',
    });
    expect(explainShort(me, 'edit', { type: 'dashboard', id: 'd' }).message).toBe(
      'needs edit on dashboard “d”',
    );
    expect(explainShort(me, 'view', { type: 'dashboard' }).message).toBe(
      'needs view on every dashboard',
    );
  });

  it('explainFull on a checker says what createEvaluator says, with the sources', () => {
    const me = createChecker(json());
    const full = createEvaluator(json());
    const d = { type: 'dashboard', id: 'd' };
    for (const a of ['view', 'edit']) expect(explainFull(me, a, d)).toEqual(full.explain(a, d));
    expect(explainFull(me, 'view', d).reasons).toEqual(m.explain('ann', 'view', d).reasons);
    expect(explainFull(full, 'edit', d).message).toBe('needs edit on dashboard “d”; you have view');
  });
});

describe('createCheckSwitch: one stable check across snapshots', () => {
  const m = model({
    users: [{ id: 'cal', roles: ['ROLE_USER'] }],
    resources: [{ type: 'reportEvent', id: 'ev1', fields: { handledBy: 'cal' } }],
  });
  const cal = createChecker(JSON.parse(JSON.stringify(compileSnapshot(m, 'cal', { tenant: 't' }))));
  const ghost = createChecker(
    JSON.parse(JSON.stringify(compileSnapshot(m, 'nobody', { tenant: 't' }))),
  );
  const refs = [
    { type: 'reportEvent', id: 'ev1' },
    { type: 'reportEvent', id: 'new', fields: { handledBy: 'cal' } },
    { type: 'reportEvent', id: 'new', fields: { handledBy: 'ann' } },
    { type: 'nope', id: 'ev1' },
    { type: undefined as never },
    null as never,
  ];
  const actions = ['read', 'update', 'nope'];
  const answers = (check: (a: string, r: never) => boolean) =>
    actions.flatMap((a) => refs.map((r) => check(a, r as never)));

  it('answers as the checker it points at, then as the next one, with the same function', () => {
    const live = createCheckSwitch();
    const { check } = live;
    expect(answers(check).every((x) => x === false)).toBe(true); // pointed at nothing yet
    live.point(cal.snapshot);
    expect(answers(check)).toEqual(answers(cal.check));
    expect(answers(check)).toContain(true);
    live.point(ghost.snapshot);
    expect(live.check).toBe(check);
    expect(answers(check)).toEqual(answers(ghost.check));
    live.point(cal.snapshot);
    expect(answers(check)).toEqual(answers(cal.check));
  });

  it('pointed at null denies every check, asking `denied` for the answer it gives', () => {
    const live = createCheckSwitch();
    live.point(cal.snapshot);
    const asked: unknown[] = [];
    live.point(null, (action, r) => {
      asked.push([action, r.type]);
      return false;
    });
    expect(live.check('read', { type: 'reportEvent', id: 'ev1' })).toBe(false);
    expect(asked).toEqual([['read', 'reportEvent']]);
    live.point(null);
    expect(live.check('read', { type: 'reportEvent', id: 'ev1' })).toBe(false);
  });

  it('pointing back at a snapshot after null answers from it again', () => {
    const live = createCheckSwitch();
    live.point(cal.snapshot);
    const before = answers(live.check);
    live.point(null);
    expect(answers(live.check).every((x) => x === false)).toBe(true);
    live.point(cal.snapshot);
    expect(answers(live.check)).toEqual(before);
  });
});
