/**
 * `@grantkit/react`: React bindings of the Grantkit browser client (`@grantkit/sdk`).
 *
 * - `<GrantkitProvider options>` creates and owns a client (StrictMode-safe); `<GrantkitProvider client>`
 *   makes a client you own available. Both are client components (`'use client'`, Next.js app router).
 * - `useGrantkitStatus` gives the client's status for a banner.
 * - `useCan` / `useCheck` answer one check and re-render only when that answer changes.
 * - `<Can>` renders by permission; `<GuardedAction>` greys out an action the user lacks,
 *   accessibly, with the reason in a tooltip (MODEL A12).
 * - `usePermittedList` filters a listing; `useMenu` gives the navigation tree (MODEL N3).
 * - `createGrantkitHooks(schema)` types all of them by your schema.
 *
 * @example
 * ```tsx
 * import { createGrantkitClient } from '@grantkit/sdk';
 * import { Can, GrantkitProvider, GuardedAction } from '@grantkit/react';
 *
 * const client = createGrantkitClient({ baseUrl: '/grantkit', tenant: 'acme', userId: 'ann' });
 *
 * function Toolbar({ id }: { id: string }) {
 *   return (
 *     <GuardedAction I="edit" on={{ type: 'dashboard', id }}>
 *       <button onClick={() => edit(id)}>Edit</button>
 *     </GuardedAction>
 *   );
 * }
 *
 * export const App = () => (
 *   <GrantkitProvider client={client}>
 *     <Can I="navigate" on={{ type: 'page', id: 'dashboards' }}>
 *       <Toolbar id="q3" />
 *     </Can>
 *   </GrantkitProvider>
 * );
 * ```
 *
 * @packageDocumentation
 */

export { Can, type CanProps } from './Can.tsx';
export {
  createGrantkitHooks,
  type GrantkitHooks,
  type SchemaDefOf,
} from './createGrantkitHooks.ts';
export { GuardedAction, type GuardedActionProps } from './GuardedAction.tsx';
export { useOwnedGrantkitClient } from './ownedClient.ts';
export {
  GrantkitProvider,
  GrantkitProviderMissingError,
  type GrantkitProviderProps,
  useGrantkitClient,
} from './Provider.tsx';
export {
  type ActivityState,
  useActivity,
  useNotifications,
  useWatch,
  type WatchState,
} from './useActivity.ts';
export { type CheckResult, type CheckState, useCan, useCheck } from './useCan.ts';
export { type GrantkitStatus, useGrantkitStatus } from './useGrantkitStatus.ts';
export { type MenuItem, type MenuPage, useMenu } from './useMenu.ts';
export { usePermittedList } from './usePermittedList.ts';
