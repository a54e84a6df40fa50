import { defineSchema, type SchemaDef } from '@grantkit/core';
import type { GrantkitClient, GrantkitClientError, StaleReason } from '@grantkit/sdk';
import { createElement } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createGrantkitHooks,
  GrantkitProvider,
  type GrantkitProviderProps,
  type GrantkitStatus,
  useGrantkitStatus,
  useOwnedGrantkitClient,
} from './index.ts';

declare const client: GrantkitClient;
const options = { baseUrl: '/grantkit', tenant: 'acme', userId: 'ann' };

describe('<GrantkitProvider>: a client, or the options of one it owns', () => {
  it('takes either', () => {
    expectTypeOf({ client }).toExtend<GrantkitProviderProps>();
    expectTypeOf({ options }).toExtend<GrantkitProviderProps>();
    createElement(GrantkitProvider, { client });
    createElement(GrantkitProvider, { options });
  });

  it('refuses both, neither, and options without a user', () => {
    // @ts-expect-error a client and options: which one owns it?
    const both: GrantkitProviderProps = { client, options };
    // @ts-expect-error neither
    const neither: GrantkitProviderProps = {};
    // @ts-expect-error options need tenant and userId
    const partial: GrantkitProviderProps = { options: { baseUrl: '/grantkit' } };
    void [both, neither, partial];
  });

  it('useOwnedGrantkitClient returns a client', () => {
    expectTypeOf(useOwnedGrantkitClient(options)).toEqualTypeOf<GrantkitClient>();
    // @ts-expect-error options need a userId
    useOwnedGrantkitClient({ tenant: 'acme' });
  });
});

describe('useGrantkitStatus', () => {
  it('gives status, reason and error', () => {
    expectTypeOf(useGrantkitStatus()).toEqualTypeOf<GrantkitStatus>();
    expectTypeOf(useGrantkitStatus().reason).toEqualTypeOf<StaleReason | null>();
    expectTypeOf(useGrantkitStatus().error).toEqualTypeOf<GrantkitClientError | null>();
    expectTypeOf(useGrantkitStatus().status).toEqualTypeOf<
      'idle' | 'loading' | 'ready' | 'stale' | 'error'
    >();
  });
});

describe('createGrantkitHooks, type-only form (no schema compiler in the client bundle)', () => {
  const schema = defineSchema({
    types: { dashboard: { kind: 'asset', actions: ['view', 'edit'] } },
  });
  const declaration = {
    types: { survey: { kind: 'module', actions: ['design'] } },
  } as const satisfies SchemaDef;

  it('types the hooks from typeof schema or typeof a plain declaration', () => {
    const bySchema = createGrantkitHooks<typeof schema>();
    expectTypeOf(bySchema.useCan('edit', { type: 'dashboard', id: 'q3' })).toEqualTypeOf<boolean>();
    // @ts-expect-error 'design' is not an action of dashboard
    bySchema.useCan('design', { type: 'dashboard' });
    const byDeclaration = createGrantkitHooks<typeof declaration>();
    expectTypeOf(byDeclaration.useCan('design', { type: 'survey' })).toEqualTypeOf<boolean>();
    // @ts-expect-error 'edti' is not an action of survey
    byDeclaration.useCan('edti', { type: 'survey' });
  });
});
