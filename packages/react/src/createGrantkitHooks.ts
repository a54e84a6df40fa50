import type { ActionOf, ResourceRef, Schema, SchemaDef, TypeName } from '@grantkit/core';
import type { ReactNode } from 'react';
import { Can, type CanProps } from './Can.tsx';
import { GuardedAction, type GuardedActionProps } from './GuardedAction.tsx';
import { type CheckResult, useCan, useCheck } from './useCan.ts';
import { usePermittedList } from './usePermittedList.ts';

/**
 * The declaration behind a compiled `Schema<D>` (from `defineSchema`), or a declaration itself.
 *
 * @example
 * ```ts
 * type Def = SchemaDefOf<typeof schema>; // the literal declaration passed to defineSchema
 * ```
 */
export type SchemaDefOf<S> = S extends { readonly def: infer D extends SchemaDef }
  ? D
  : S extends SchemaDef
    ? S
    : never;

/**
 * The hooks and components of `@grantkit/react`, typed by a schema: resource types must be
 * declared and actions must be actions of that type (`useCan('fly', { type: 'dashboard' })`
 * does not compile).
 *
 * @example
 * ```ts
 * export const grantkit: GrantkitHooks<SchemaDefOf<typeof schema>> = createGrantkitHooks(schema);
 * ```
 */
export interface GrantkitHooks<D extends SchemaDef> {
  /** {@link useCan}, typed by the schema. */
  useCan<T extends TypeName<D>>(action: NoInfer<ActionOf<D, T>>, resource: ResourceRef<T>): boolean;
  /** {@link useCheck}, typed by the schema. */
  useCheck<T extends TypeName<D>>(
    action: NoInfer<ActionOf<D, T>>,
    resource: ResourceRef<T>,
  ): CheckResult;
  /** {@link usePermittedList}, typed by the schema. */
  usePermittedList<I extends ResourceRef<T>, T extends TypeName<D>>(
    items: readonly I[],
    action: NoInfer<ActionOf<D, T>>,
  ): readonly I[];
  /** {@link usePermittedList} with a mapping to resources, typed by the schema. */
  usePermittedList<I, T extends TypeName<D>>(
    items: readonly I[],
    action: NoInfer<ActionOf<D, T>>,
    toResource: (item: I) => ResourceRef<T>,
  ): readonly I[];
  /** {@link Can}, typed by the schema. */
  Can<T extends TypeName<D>>(props: CanProps<NoInfer<ActionOf<D, T>>, T>): ReactNode;
  /** {@link GuardedAction}, typed by the schema. */
  GuardedAction<T extends TypeName<D>>(
    props: GuardedActionProps<NoInfer<ActionOf<D, T>>, T>,
  ): ReactNode;
}

/**
 * Returns `useCan`, `useCheck`, `usePermittedList`, `<Can>` and `<GuardedAction>` typed by
 * your schema, so a misspelt type or an action the type does not have is a compile error.
 * Nothing happens at run time: they are the same functions.
 *
 * Prefer the type-only form, `createGrantkitHooks<typeof schema>()` with `import type`: the
 * schema (and `defineSchema`, the schema compiler of `@grantkit/core`, about 2.6 kB gzipped)
 * then stays out of the client bundle. Passing the schema value works too
 * (`createGrantkitHooks(schema)`), but bundles whatever built it. A plain declaration
 * (`{ ... } as const satisfies SchemaDef`) types the hooks as well.
 *
 * @example
 * ```tsx
 * // schema.ts (shared with the server)
 * import { defineSchema } from '@grantkit/core';
 * export const schema = defineSchema({
 *   types: { dashboard: { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'] } },
 * });
 *
 * // grantkit.ts (client): a type-only import, erased from the bundle
 * import type { schema } from './schema';
 * import { createGrantkitHooks } from '@grantkit/react';
 * export const { useCan, Can, GuardedAction } = createGrantkitHooks<typeof schema>();
 *
 * // elsewhere
 * useCan('edit', { type: 'dashboard', id: 'q3' }); // ok
 * useCan('fly', { type: 'dashboard', id: 'q3' }); // type error: not an action of dashboard
 * ```
 */
export function createGrantkitHooks<S extends Schema<SchemaDef> | SchemaDef>(
  _schema?: S,
): GrantkitHooks<SchemaDefOf<S>> {
  return { useCan, useCheck, usePermittedList, Can, GuardedAction } as GrantkitHooks<
    SchemaDefOf<S>
  >;
}
