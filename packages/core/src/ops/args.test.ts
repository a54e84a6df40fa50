/**
 * The one definition of op arguments (ops/args.ts): bounds, characters, prototype keys,
 * numbers, unknown ids, and the regression tests of issue 10's findings 6, 9 and 12.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { model } from '../__fixtures__/shared.ts';
import { InvalidInputError, UnknownIdError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import type { Op } from './apply.ts';
import { isOpName, type OpArgs, parseOpArgs } from './args.ts';
import { checkStructure, INPUT_BOUNDS } from './bounds.ts';

const world = () =>
  model({
    users: [{ id: 'sam', superAdmin: true }, { id: 'x', managerId: 'sam' }, { id: 'y' }],
    resources: [{ type: 'dashboard', id: 'd1', owner: 'sam' }],
  });

/** The input error an op throws (asserting nothing changed), or `undefined` when it is applied. */
function refusal(m: Model, op: Op): InvalidInputError | undefined {
  const before = JSON.stringify(m.toWorld());
  const rev = m.revision;
  try {
    m.apply('sam', op);
    return undefined;
  } catch (e) {
    expect(JSON.stringify(m.toWorld())).toBe(before);
    expect(m.revision).toBe(rev);
    if (e instanceof InvalidInputError) return e;
    throw e;
  }
}

function nested(depth: number, leaf: unknown, wrap: (x: unknown) => unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

describe('structural bounds (one iterative pass)', () => {
  it('finding 6: advice values nested 2,000 deep are refused by the depth bound, naming the path once', () => {
    const m = world();
    const e = refusal(m, {
      op: 'addRule',
      args: {
        recordType: 'cta',
        rule: {
          id: 'r',
          actions: ['read'],
          advice: [{ field: 'f', op: '=', values: [nested(2000, 'x', (x) => [x])] }],
        },
      },
    });
    expect(e?.problem).toBe('bound');
    expect(e?.path.startsWith('args.rule.advice[0].values[0][0]')).toBe(true);
    expect(e?.message).toContain('depth ≤ 32');
    expect(e?.message.split('args.rule.advice').length).toBe(2);
  });

  it('finding 6: 5,000 nested nots in rule criteria and bundle rules are refused, not a stack overflow', () => {
    const m = world();
    const not = nested(5000, { attr: 'a', op: '=', value: 1 }, (x) => ({ not: x }));
    const rule = refusal(m, {
      op: 'addRule',
      args: { recordType: 'cta', rule: { id: 'r', actions: ['read'], criteria: not } },
    });
    expect(rule?.problem).toBe('bound');
    const bundle = refusal(m, { op: 'createBundle', args: { id: 'B', grants: [], rule: not } });
    expect(bundle).toMatchObject({ problem: 'bound' });
    expect(bundle?.path).toMatch(/^args\.rule(\.not)+$/);
    const cond = nested(5000, { field: 'f', op: '=', value: 1 }, (x) => ({ not: x }));
    const grant = refusal(m, {
      op: 'createBundle',
      args: { id: 'B', grants: [{ type: 'cta', actions: ['read'], when: cond }] },
    });
    expect(grant?.problem).toBe('bound');
  });

  it('walks 200,000 levels and cyclic values without recursion', () => {
    expect(() =>
      checkStructure(
        nested(200_000, 1, (x) => [x]),
        'args',
      ),
    ).toThrow(/depth ≤ 32/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => checkStructure(cycle, 'args')).toThrow(/depth ≤ 32/);
    const logic = `${'('.repeat(40)}A${')'.repeat(40)}`;
    expect(() =>
      parseOpArgs('createBundle', {
        id: 'B',
        grants: [],
        rule: { logic, where: { A: { attr: 'a', op: '=', value: 1 } } },
      }),
    ).toThrow(/args\.rule\.logic: nests parentheses deeper than 32/);
  });

  it('bounds string length, array and object sizes and the whole request', () => {
    const m = world();
    const long = refusal(m, { op: 'deleteAsset', args: { asset: 'a'.repeat(257) } });
    expect(long).toMatchObject({ path: 'args.asset', problem: 'bound' });
    expect(long?.message).toContain('≤ 256');
    const huge = refusal(m, {
      op: 'createBundle',
      args: { id: 'B', grants: [{ type: 'page', actions: Array(10_001).fill('navigate') }] },
    });
    expect(huge).toMatchObject({ path: 'args.grants[0].actions', problem: 'bound' });
    const attrs = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`a${i}`, 1]));
    expect(refusal(m, { op: 'setUser', args: { id: 'x', attributes: attrs } })).toMatchObject({
      path: 'args.attributes',
      problem: 'bound',
    });
    const many = Array.from({ length: 60 }, () => Array(2000).fill(0));
    expect(() =>
      checkStructure({ rule: { advice: [{ values: many }] } }, 'args', INPUT_BOUNDS),
    ).toThrow(/nodes ≤ 100000/);
  });
});

describe('characters, keys and numbers', () => {
  it('finding 9: a NUL or lone surrogate in any id, attribute name or value is an input error, naming the field', () => {
    const m = world();
    const cases: [Op, string][] = [
      [{ op: 'setUser', args: { id: 'a\u0000b' } }, 'args.id'],
      [{ op: 'setUser', args: { id: 'x', attributes: { 'de\u0000pt': 'a' } } }, 'args.attributes'],
      [
        { op: 'setUser', args: { id: 'x', attributes: { dept: 'a\uD800' } } },
        'args.attributes.dept',
      ],
      [
        { op: 'setUser', args: { id: 'x', attributes: { tags: ['ok', '\uDC00'] } } },
        'args.attributes.tags[1]',
      ],
      [{ op: 'share', args: { asset: 'd1', user: 'y\uDBFF', level: 'view' } }, 'args.user'],
      [
        { op: 'transition', args: { resource: { type: 'cta', id: '\u0000' }, action: 'launch' } },
        'args.resource.id',
      ],
    ];
    for (const [op, path] of cases) {
      const e = refusal(m, op);
      expect({ op: op.op, path: e?.path.startsWith(path), problem: e?.problem }).toEqual({
        op: op.op,
        path: true,
        problem: 'malformed',
      });
      expect(e?.message).toMatch(/NUL|lone surrogate/);
    }
    // A well-formed pair (an emoji) is fine.
    expect(refusal(m, { op: 'setUser', args: { id: 'x', attributes: { mood: '😀' } } })).toBe(
      undefined,
    );
  });

  it('refuses prototype keys, non-finite numbers and non-JSON values; -0 is 0', () => {
    const m = world();
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const args = JSON.parse(`{"id":"x","attributes":{"${key}":"a"}}`);
      expect(refusal(m, { op: 'setUser', args })?.path).toBe(`args.attributes.${key}`);
    }
    expect(
      refusal(m, { op: 'setUser', args: { id: 'x', attributes: { n: Number.POSITIVE_INFINITY } } })
        ?.message,
    ).toContain('finite');
    expect(
      refusal(m, { op: 'setUser', args: { id: 'x', attributes: { n: Number.NaN } } }),
    ).toMatchObject({
      path: 'args.attributes.n',
    });
    expect(
      refusal(m, { op: 'setUser', args: { id: 'x', attributes: { n: () => 1 } as never } })
        ?.message,
    ).toContain('not a JSON value');
    expect(
      refusal(m, { op: 'setUser', args: { id: 'x', attributes: { d: new Date() } as never } })
        ?.message,
    ).toContain('plain JSON object');
    expect(parseOpArgs('setUser', { id: 'x', attributes: { n: -0 } }).attributes?.n).toBe(0);
    expect(isOpName('__proto__')).toBe(false);
    expect(isOpName('toString')).toBe(false);
    expect(refusal(m, { op: 'toString', args: {} })?.problem).toBe('unknown-op');
  });
});

describe('one definition: types, validation, error paths', () => {
  it('finding 12: core refuses what HTTP refuses (null attribute, unknown license) and managerId null clears the manager', () => {
    const m = world();
    expect(
      refusal(m, { op: 'setUser', args: { id: 'x', attributes: { dept: null } } }),
    ).toMatchObject({
      path: 'args.attributes.dept',
      problem: 'malformed',
    });
    expect(refusal(m, { op: 'setUser', args: { id: 'x', license: 'gold' } })?.message).toContain(
      'full, viewer, viewer-analytics',
    );
    expect(refusal(m, { op: 'setUser', args: { id: 'x', managerId: null } })).toBe(undefined);
    expect(m.getUser('x')).not.toHaveProperty('managerId');
    expect(refusal(m, { op: 'share', args: { asset: 'd1', level: 'view' } })?.path).toBe(
      'args.user',
    );
    expect(
      refusal(m, { op: 'share', args: { asset: 'd1', user: 'y', level: 'view', x: 1 } })?.message,
    ).toContain('share takes no "x"');
  });

  it('names unknown ids with a typed UnknownIdError before the op runs', () => {
    const m = world();
    const e = refusal(m, { op: 'move', args: { assets: ['d1', 'nope'], to: 'home' } });
    expect(e).toBeInstanceOf(UnknownIdError);
    expect(e).toMatchObject({
      path: 'args.assets[1]',
      kind: 'asset',
      id: 'nope',
      problem: 'unknown-id',
    });
    expect(refusal(m, { op: 'setUser', args: { id: 'x', managerId: 'ghost' } })).toMatchObject({
      kind: 'user',
      path: 'args.managerId',
    });
    expect(
      refusal(m, {
        op: 'transition',
        args: { resource: { type: 'cta', id: 'c9' }, action: 'launch' },
      }),
    ).toMatchObject({ kind: 'cta', path: 'args.resource.id' });
    // A malformed id is malformed, not unknown.
    expect(refusal(m, { op: 'deleteAsset', args: { asset: 7 } })).not.toBeInstanceOf(
      UnknownIdError,
    );
  });

  it('infers the args type from the same definition', () => {
    expectTypeOf<OpArgs<'share'>>().toEqualTypeOf<{
      readonly asset: string;
      readonly level: 'view' | 'view-edit' | 'view-share' | 'admin';
      readonly user?: string;
      readonly group?: string;
    }>();
    expectTypeOf<OpArgs<'setUser'>['managerId']>().toEqualTypeOf<string | null | undefined>();
    const args = parseOpArgs('move', { assets: ['d1'], to: 'home', extra: undefined });
    expect(args).toEqual({ assets: ['d1'], to: 'home' });
  });
});
