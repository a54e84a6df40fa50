// @vitest-environment node
/** Snapshot validation (MODEL C3) and narrow change detection, on snapshots compiled by core. */
import { compileSnapshot, createModel, type GrantSnapshot } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { GrantkitClientError } from './errors.ts';
import { mergeSnapshot } from './merge.ts';
import { validateSnapshot } from './validate.ts';

const model = createModel(schema, world as never);
const snap = (user = 'ann'): GrantSnapshot =>
  JSON.parse(JSON.stringify(compileSnapshot(model, user, { tenant: TENANT, revision: 3 })));

const refused = (raw: unknown, tenant = TENANT, user = 'ann') => {
  try {
    validateSnapshot(raw, tenant, user);
  } catch (e) {
    expect(e).toBeInstanceOf(GrantkitClientError);
    return e as GrantkitClientError;
  }
  throw new Error('accepted');
};

describe('validateSnapshot', () => {
  it('accepts a snapshot compiled by core for this user and tenant', () => {
    const s = snap();
    expect(validateSnapshot(s, TENANT, 'ann')).toBe(s);
  });

  it('refuses another format version', () => {
    const e = refused({ ...snap(), format: 2 });
    expect(e.code).toBe('unsupported-format');
    expect(e.message).toMatch(/refused snapshot format 2 \(this client reads 1\)/);
  });

  it('refuses a snapshot of another user or tenant', () => {
    expect(refused(snap('bob')).code).toBe('foreign-snapshot');
    expect(refused(snap(), 'globex').message).toMatch(/of acme\/ann: signed in as globex\/ann/);
  });

  it.each([
    ['not an object', 'hello', /root/],
    ['null', null, /root/],
    ['a missing revision', { ...snap(), revision: undefined }, /revision/],
    ['a negative revision', { ...snap(), revision: -1 }, /revision/],
    ['a fractional revision', { ...snap(), revision: 1.5 }, /revision/],
    ['a string user', { ...snap(), user: 7 }, /user/],
    ['types that are not a record', { ...snap(), types: 'all' }, /types/],
    ['a type without actions', { ...snap(), types: { survey: { t: 3 } } }, /types\.survey\.a/],
    [
      'a mask that is not a number',
      { ...snap(), types: { survey: { a: ['design'], t: 'all' } } },
      /types\.survey\.t/,
    ],
    [
      'an id set of objects',
      { ...snap(), types: { survey: { a: ['design'], i: { '1.0': [{}] } } } },
      /types\.survey\.i/,
    ],
    ['a menu of numbers', { ...snap(), menu: [1] }, /menu/],
    ['active missing', { ...snap(), active: undefined }, /active/],
  ])('refuses %s, naming where', (_, raw, where) => {
    const e = refused(raw);
    expect(e.code).toBe('invalid-snapshot');
    expect(e.message).toMatch(where);
    expect(e.message).toMatch(/refused malformed snapshot/);
  });
});

describe('mergeSnapshot', () => {
  it('names the types whose entries changed and keeps unchanged parts identical', () => {
    const a = snap();
    const b = { ...snap(), revision: 4 } as GrantSnapshot;
    const changed = JSON.parse(JSON.stringify(b)) as { types: Record<string, { t?: number }> };
    changed.types.report = { ...changed.types.report, t: 1 } as never;
    const { s, types } = mergeSnapshot(a, changed as unknown as GrantSnapshot);
    expect(types).toEqual(new Set(['report']));
    expect(s.types.survey).toBe(a.types.survey);
    expect(s.types.report).not.toBe(a.types.report);
    expect(s.menu).toBe(a.menu);
    expect(s.revision).toBe(4);
  });

  it('nothing changed: an empty set', () => {
    expect(mergeSnapshot(snap(), snap()).types).toEqual(new Set());
  });

  it('a change outside the types (activity, renumbered sources): all', () => {
    expect(mergeSnapshot(snap(), { ...snap(), active: false }).types).toBe('all');
    const s = snap();
    expect(mergeSnapshot(s, { ...s, src: [{ kind: 'superAdmin' }] }).types).toBe('all');
    // a source appended changes nothing by itself
    expect(mergeSnapshot(s, { ...s, src: [...s.src, { kind: 'superAdmin' }] }).types).toEqual(
      new Set(),
    );
  });
});
