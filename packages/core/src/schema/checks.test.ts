/**
 * Schema and world mistakes reported with their fix (issue 11, findings 1 and 10): errors
 * where the model cannot work, warnings through `onWarning` where it can.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, SchemaError } from '../errors.ts';
import { createModel } from '../model/model.ts';
import type { SchemaWarning } from './checks.ts';
import { defineSchema, loadSchema } from './define.ts';

const ASSET = ['view', 'share', 'edit', 'admin'] as const;
const collect = () => {
  const warnings: SchemaWarning[] = [];
  return { warnings, onWarning: (w: SchemaWarning) => warnings.push(w) };
};

describe('schema checks (issue 11)', () => {
  it('finding 1: asset types without a folder type: a warning at defineSchema, and createModel names the fix, not a parent never written', () => {
    const { warnings, onWarning } = collect();
    const schema = defineSchema(
      { types: { dashboard: { kind: 'asset', actions: ASSET } } },
      { onWarning },
    );
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'no-folder-type', path: 'types.dashboard' }),
    ]);
    expect(warnings[0]!.message).toContain("add types.folder = { kind: 'asset'");
    let error: unknown;
    try {
      createModel(
        schema,
        { users: [{ id: 'ann' }], resources: [{ type: 'dashboard', id: 'd1', owner: 'ann' }] },
        { onWarning },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).path).toBe('resources[0]');
    expect((error as Error).message).toMatch(/no folder type: add types\.folder/);
    expect((error as Error).message).not.toContain('parent');
    // with a folder type: no warning
    const ok = collect();
    defineSchema(
      {
        types: {
          folder: { kind: 'asset', actions: ASSET },
          dashboard: { kind: 'asset', actions: ASSET },
        },
      },
      ok,
    );
    expect(ok.warnings).toEqual([]);
  });

  it('finding 10: a viewer licence that no bundle caps is reported at createModel (MODEL N5a), once per licence', () => {
    const schema = defineSchema(
      { types: { folder: { kind: 'asset', actions: ASSET } } },
      collect(),
    );
    const { warnings, onWarning } = collect();
    createModel(
      schema,
      {
        users: [
          { id: 'ann' },
          { id: 'cat', license: 'viewer' },
          { id: 'cy', license: 'viewer' },
          { id: 'vi', license: 'viewer-analytics' },
        ],
      },
      { onWarning },
    );
    expect(warnings.map((w) => [w.code, w.path])).toEqual([
      ['license-uncapped', 'users[1].license'],
      ['license-uncapped', 'users[3].license'],
    ]);
    expect(warnings[0]!.message).toMatch(/MODEL N5a/);
    expect(warnings[0]!.message).toContain("capsLicense: 'viewer'");
    // capped: no warning
    const capped = defineSchema({
      types: { folder: { kind: 'asset', actions: ASSET } },
      pages: [{ id: 'home' }],
      builtinBundles: [
        {
          id: 'VIEW_GROUP',
          grants: [{ type: 'page', id: 'home', actions: ['navigate'] }],
          capsLicense: 'viewer',
          autoLicense: 'viewer',
        },
      ],
    });
    const quiet = collect();
    createModel(capped, { users: [{ id: 'cat', license: 'viewer' }] }, quiet);
    expect(quiet.warnings).toEqual([]);
  });

  it('errors where the model cannot work: an unknown licence on a built-in bundle, an unknown usersType', () => {
    const caps = () =>
      loadSchema({ types: {}, builtinBundles: [{ id: 'V', grants: [], capsLicense: 'vewer' }] });
    expect(caps).toThrow(SchemaError);
    expect(caps).toThrow(
      /builtinBundles\[0\]\.capsLicense: unknown license "vewer": use one of full, viewer, viewer-analytics/,
    );
    expect(() => loadSchema({ types: {}, admin: { usersType: 'person' } })).toThrow(
      /admin\.usersType: unknown type "person": declare it/,
    );
  });
});
