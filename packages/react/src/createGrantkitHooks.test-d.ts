import { defineSchema } from '@grantkit/core';
import { createElement } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import { type CheckResult, createGrantkitHooks, useCan as untypedUseCan } from './index.ts';

const schema = defineSchema({
  pages: [{ id: 'dashboards', title: 'Dashboards' }],
  types: {
    dashboard: { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'] },
    survey: { kind: 'module', actions: ['design', 'distribute'] },
  },
});
const { useCan, useCheck, usePermittedList, Can, GuardedAction } = createGrantkitHooks(schema);

describe('createGrantkitHooks: actions checked against the schema', () => {
  it('accepts the actions of each type', () => {
    expectTypeOf(useCan('edit', { type: 'dashboard', id: 'q3' })).toEqualTypeOf<boolean>();
    expectTypeOf(useCan('design', { type: 'survey' })).toEqualTypeOf<boolean>();
    expectTypeOf(useCan('navigate', { type: 'page', id: 'dashboards' })).toEqualTypeOf<boolean>();
    expectTypeOf(useCheck('share', { type: 'dashboard', id: 'q3' })).toEqualTypeOf<CheckResult>();
  });

  it('refuses unknown actions and types', () => {
    // @ts-expect-error 'fly' is not an action of dashboard
    useCan('fly', { type: 'dashboard' });
    // @ts-expect-error 'design' is an action of survey, not of dashboard
    useCheck('design', { type: 'dashboard', id: 'q3' });
    // @ts-expect-error 'rocket' is not a type of the schema
    useCan('view', { type: 'rocket' });
  });

  it('types <Can> and <GuardedAction> props', () => {
    createElement(Can, { I: 'edit', on: { type: 'dashboard', id: 'q3' } });
    // @ts-expect-error 'fly' is not an action of dashboard
    createElement(Can, { I: 'fly', on: { type: 'dashboard', id: 'q3' } });
    const children = createElement('button', { type: 'button' });
    createElement(GuardedAction, { I: 'share', on: { type: 'dashboard', id: 'q3' }, children });
    // @ts-expect-error 'launch' is not an action of dashboard
    createElement(GuardedAction, { I: 'launch', on: { type: 'dashboard', id: 'q3' }, children });
  });

  it('types usePermittedList by the mapped resource', () => {
    const rows = [{ id: 'q3', title: 'Q3 Revenue' }];
    expectTypeOf(
      usePermittedList(rows, 'view', (r) => ({ type: 'dashboard' as const, id: r.id })),
    ).toEqualTypeOf<readonly { id: string; title: string }[]>();
    // @ts-expect-error 'fly' is not an action of dashboard
    usePermittedList(rows, 'fly', (r) => ({ type: 'dashboard' as const, id: r.id }));
  });

  it('leaves the untyped exports open to any string', () => {
    expectTypeOf(untypedUseCan('fly', { type: 'rocket' })).toEqualTypeOf<boolean>();
  });
});
