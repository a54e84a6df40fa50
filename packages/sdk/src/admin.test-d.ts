/**
 * The admin ops client's types come from core's one definition of the op args
 * (`OpArgs<K>`): a wrong argument is a type error. Issue 11, finding 5.
 */
import type { OpArgs, OpName } from '@grantkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createGrantkitAdmin, type GrantkitAdmin, type OpResult } from './admin.ts';

const admin = createGrantkitAdmin({ baseUrl: '/grantkit', getToken: () => 'token' });

describe('admin ops: argument types from core (OpArgs)', () => {
  it('has one method per op of core, taking OpArgs of that op', () => {
    expectTypeOf<keyof GrantkitAdmin>().toEqualTypeOf<OpName | 'run'>();
    expectTypeOf(admin.share).parameter(0).toEqualTypeOf<OpArgs<'share'>>();
    expectTypeOf(admin.move).parameter(0).toEqualTypeOf<OpArgs<'move'>>();
    expectTypeOf(admin.share({ asset: 'q3', user: 'bob', level: 'view' })).toEqualTypeOf<
      Promise<OpResult>
    >();
    expectTypeOf(admin.run('revoke', { asset: 'q3', group: 'Sales' })).toEqualTypeOf<
      Promise<OpResult>
    >();
  });

  it('refuses wrong args', () => {
    // @ts-expect-error 'owner' is not a share level
    void admin.share({ asset: 'q3', user: 'bob', level: 'owner' });
    // @ts-expect-error asset is required
    void admin.share({ user: 'bob', level: 'view' });
    // @ts-expect-error assets is a list of ids
    void admin.move({ assets: 'q3', to: 'f1' });
    // @ts-expect-error an unknown key
    void admin.deleteAsset({ asset: 'q3', force: true });
    // @ts-expect-error the args of run follow the op named
    void admin.run('deleteAsset', { id: 'q3' });
    // @ts-expect-error no such op
    void admin.run('destroyEverything', {});
    // @ts-expect-error no such method
    void admin.destroyEverything;
  });
});
