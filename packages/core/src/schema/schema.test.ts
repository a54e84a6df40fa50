import { describe, expect, it } from 'vitest';
import { gainsight } from '../__fixtures__/shared.ts';
import { SchemaError } from '../errors.ts';
import { defineSchema, loadSchema } from './define.ts';

const errorPath = (json: unknown): string => {
  try {
    loadSchema(json);
  } catch (e) {
    if (e instanceof SchemaError) return e.path;
    throw e;
  }
  return 'no error';
};

describe('schema', () => {
  it('loads the Gainsight schema and closes implications transitively (MODEL K4, N13)', () => {
    const s = gainsight();
    const survey = s.types.get('survey')!;
    expect(s.actionsOf(survey, s.mask(survey, ['admin'], false))).toEqual([
      'design',
      'distribute',
      'analyze',
      'admin',
    ]);
    expect(s.actionsOf(survey, s.mask(survey, ['design'], true))).toEqual(['design', 'useLibrary']);
    expect(s.actionsOf(survey, s.mask(survey, ['design'], false))).toEqual(['design']);
    expect(s.folderType?.name).toBe('folder');
    expect(s.bundlesPage).toBe('administration.permissionBundles');
    expect(s.builtins.map((b) => b.rule)).toContain('N11');
  });
  it('implication is transitive through chains and tolerates cycles', () => {
    const s = defineSchema({
      types: {
        t: {
          kind: 'module',
          actions: ['a', 'b', 'c', 'd'],
          implies: { a: ['b'], b: ['c'], c: ['a'] },
        },
      },
    });
    const t = s.types.get('t')!;
    expect(s.actionsOf(t, s.mask(t, ['c'], false))).toEqual(['a', 'b', 'c']);
    expect(s.types.get('page')?.actions).toEqual(['navigate', 'edit']);
  });
  it('names the JSON path of what is wrong', () => {
    expect(errorPath(null)).toBe('');
    expect(
      errorPath({
        types: { survey: { kind: 'module', actions: ['admin'], implies: { admin: ['design'] } } },
      }),
    ).toBe('types.survey.implies.admin[0]');
    expect(errorPath({ types: { x: { kind: 'thing', actions: ['a'] } } })).toBe('types.x.kind');
    expect(errorPath({ types: { x: { kind: 'asset', actions: ['view'] } } })).toBe(
      'types.x.actions',
    );
    expect(errorPath({ types: { x: { kind: 'record', actions: ['read'] } } })).toBe(
      'types.x.actions',
    );
    expect(errorPath({ types: { x: { kind: 'module', actions: ['a', 'a'] } } })).toBe(
      'types.x.actions[1]',
    );
    expect(errorPath({ types: { x: { kind: 'module', actions: ['a'], lookups: ['x'] } } })).toBe(
      'types.x.lookups[0]',
    );
    expect(
      errorPath({
        types: { x: { kind: 'module', actions: ['a'], lifecycle: { b: { from: [], to: 'z' } } } },
      }),
    ).toBe('types.x.lifecycle.b');
    expect(
      errorPath({
        types: {
          x: { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'], viewPage: 'nope' },
        },
      }),
    ).toBe('types.x.viewPage');
    expect(errorPath({ types: { nav: { kind: 'page', actions: ['navigate'] } } })).toBe(
      'types.nav.kind',
    );
    expect(
      errorPath({
        types: {},
        builtinBundles: [
          { id: 'B', grants: [{ type: 'page', id: 'nope', actions: ['navigate'] }] },
        ],
      }),
    ).toBe('builtinBundles[0].grants[0].id');
    expect(
      errorPath({
        types: { s: { kind: 'module', actions: ['a'] } },
        builtinBundles: [
          { id: 'B', navigationOnly: true, grants: [{ type: 's', actions: ['a'] }] },
        ],
      }),
    ).toBe('builtinBundles[0].grants');
    expect(errorPath({ types: {}, admin: { bundlesPage: 'nope' } })).toBe('admin.bundlesPage');
  });
  it('keeps pages at most three levels deep (MODEL N1)', () => {
    const p = (id: string, parent?: string) => ({
      id,
      ...(parent === undefined ? {} : { parent }),
    });
    expect(errorPath({ types: {}, pages: [p('a'), p('b', 'a'), p('c', 'b')] })).toBe('no error');
    expect(errorPath({ types: {}, pages: [p('a'), p('b', 'a'), p('c', 'b'), p('d', 'c')] })).toBe(
      'pages[3].parent',
    );
    expect(errorPath({ types: {}, pages: [p('a', 'b'), p('b', 'a')] })).toBe('pages[0].parent');
    expect(errorPath({ types: {}, pages: [p('a'), p('a')] })).toBe('pages[1].id');
  });
  it('reports SchemaError with a readable message', () => {
    expect(() => loadSchema({ types: 1 })).toThrow(SchemaError);
    expect(() => loadSchema({ types: 1 })).toThrow(/invalid schema at types/);
  });
});
