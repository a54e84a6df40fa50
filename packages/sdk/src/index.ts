/**
 * `@grantkit/sdk`: the browser client that syncs, caches and pushes the signed-in user's
 * grant snapshot and answers checks synchronously, failing closed (MODEL C1–C4).
 *
 * @example
 * ```ts
 * import { createGrantkitClient } from '@grantkit/sdk';
 *
 * const client = createGrantkitClient({ baseUrl: '/grantkit', tenant: 'acme', userId: 'u42' });
 * client.subscribe(({ types }) => rerender(types));
 * client.can('view', { type: 'dashboard', id: 'q3' }); // false until the grants are loaded
 * ```
 *
 * Opt-in parts have their own entry points: `@grantkit/sdk/cross-tab` (`crossTab()`),
 * `@grantkit/sdk/persist` (`persist()`), `@grantkit/sdk/explain` (`explainTexts()`), and the
 * typed admin ops client `@grantkit/sdk/admin` (`createGrantkitAdmin()`). For server-side
 * rendering, `createGrantkitClient({ ..., mode: 'server' })` opens nothing.
 *
 * @packageDocumentation
 */
export { createGrantkitClient } from './client.ts';
export {
  GrantkitClientError,
  type GrantkitClientErrorCode,
  type GrantkitClientErrorInit,
} from './errors.ts';
export type {
  GrantkitPlugin,
  PluginContext,
  PluginSession,
  Received,
  StopReason,
} from './plugin.ts';
export type { ExplainWith } from './reasons.ts';
export type {
  ClientState,
  ClientStatus,
  Explanation,
  FetchSnapshotContext,
  GrantChange,
  GrantkitClient,
  GrantkitClientOptions,
  GrantkitIdentity,
  GrantResource,
  GrantSnapshot,
  GrantsResponse,
  StaleReason,
} from './types.ts';
