// Type tests: valid action names are inferred per resource type (STYLE 7).
import { expectTypeOf, test } from 'vitest';
import { type ActionOf, createModel, defineSchema, loadSchema, type Model } from '../index.ts';

const schema = defineSchema({
  pages: [{ id: 'dashboards', title: 'Dashboards' }],
  types: {
    dashboard: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { edit: ['view'] },
    },
    survey: { kind: 'module', actions: ['design', 'analyze'] },
  },
});
type Def = typeof schema.def;

test('actions are inferred per type (MODEL K4)', () => {
  expectTypeOf<ActionOf<Def, 'dashboard'>>().toEqualTypeOf<'view' | 'share' | 'edit' | 'admin'>();
  expectTypeOf<ActionOf<Def, 'survey'>>().toEqualTypeOf<'design' | 'analyze'>();
  expectTypeOf<ActionOf<Def, 'page'>>().toEqualTypeOf<'navigate' | 'edit'>();
});

test('check accepts valid actions and rejects others', () => {
  const model = createModel(schema, { users: [{ id: 'ann' }] });
  expectTypeOf(model).toEqualTypeOf<Model<Def>>();
  expectTypeOf(
    model.check('ann', 'edit', { type: 'dashboard', id: 'q3' }),
  ).toEqualTypeOf<boolean>();
  model.check('ann', 'design', { type: 'survey' });
  model.check('ann', 'navigate', { type: 'page', id: 'dashboards' });
  // @ts-expect-error 'fly' is not an action of dashboard
  model.check('ann', 'fly', { type: 'dashboard', id: 'q3' });
  // @ts-expect-error 'design' is an action of survey, not dashboard
  model.check('ann', 'design', { type: 'dashboard' });
  // @ts-expect-error unknown type
  model.check('ann', 'view', { type: 'spaceship' });
  const me = model.forUser('ann');
  me.check('view', { type: 'dashboard', id: 'q3' });
  // @ts-expect-error bound checkers are typed too
  me.check('fly', { type: 'dashboard', id: 'q3' });
});

test('loaded schemas are untyped: any string action', () => {
  const untyped = createModel(loadSchema({ types: {} }));
  expectTypeOf(untyped.check).parameter(1).toBeString();
  untyped.check('ann', 'anything', { type: 'whatever' });
});
