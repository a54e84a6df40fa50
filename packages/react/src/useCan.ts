import * as React from 'react';
import { warnIfUnknown } from './devWarnings.ts';
import { useGrantkitContext } from './Provider.tsx';
import type { ClientState, ClientStatus, GrantkitClient, ResourceRef } from './types.ts';

/**
 * Where a check stands: `pending` until the client holds a snapshot, then `allowed` or `denied`.
 *
 * @example
 * ```tsx
 * const { state } = useCheck('edit', { type: 'dashboard', id: 'q3' });
 * if (state === 'pending') return <Spinner />;
 * ```
 */
export type CheckState = 'allowed' | 'denied' | 'pending';

/**
 * The answer of {@link useCheck}, also passed to `<Can>`'s render prop. The same object is
 * returned until one of its fields changes, so it can be a dependency of `useMemo`/`useEffect`.
 *
 * @example
 * ```tsx
 * <Can I="share" on={{ type: 'dashboard', id: 'q3' }}>
 *   {({ allowed, reason }: CheckResult) => <button aria-disabled={!allowed} title={reason}>Share</button>}
 * </Can>
 * ```
 */
export interface CheckResult {
  /** The answer: `false` while pending (fail closed, MODEL C3). */
  readonly allowed: boolean;
  /** `pending` while nothing valid is loaded yet; `allowed` or `denied` after. */
  readonly state: CheckState;
  /** The client's status (`idle`, `loading`, `ready`, `stale`, `error`). */
  readonly status: ClientStatus;
  /**
   * Why the action is not allowed, in words a UI can show (`needs edit on dashboard “Q3
   * Revenue”`; with the client's `explainTexts()` plugin the full text, `…; you have view`),
   * or that permissions are still loading; `undefined` when allowed.
   */
  readonly reason: string | undefined;
}

/** Bundlers replace `process.env.NODE_ENV`; development-only code is dropped from production builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** The reason shown while the client has no snapshot yet. */
export const PENDING_REASON = 'Checking your permissions…';

/**
 * @internal Computes a check. `last` keeps the previous result, returned again while the
 * answer is the same: `useSyncExternalStore` re-renders on a new object, and React reads
 * a snapshot more than once per render. Pending: the client is getting its first valid
 * snapshot (`loading`); `idle`, `stale` and `error` are answers, not waiting: denied.
 */
export function readCheck(
  client: GrantkitClient,
  action: string,
  resource: ResourceRef,
  last: { current: CheckResult | null },
): CheckResult {
  const { status } = client.getSnapshot();
  const pending = status === 'loading';
  const allowed = !pending && client.can(action, resource);
  const next: CheckResult = {
    allowed,
    state: pending ? 'pending' : allowed ? 'allowed' : 'denied',
    status,
    reason: allowed
      ? undefined
      : pending
        ? PENDING_REASON
        : client.explain(action, resource).message,
  };
  const prev = last.current;
  // the fields are strings, booleans and undefined, in one order: equal texts, equal answers
  last.current = prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next;
  return last.current;
}

/**
 * @internal `read` of the provider's client, re-read on every change of its state; named
 * `hook` in errors. The caller picks what is read, so a component re-renders only when that changes.
 */
export function useRead<T>(
  hook: string,
  action: string,
  resource: ResourceRef,
  read: (client: GrantkitClient) => T,
): T {
  const client = useGrantkitContext(hook);
  const get = () => {
    if (process.env.NODE_ENV !== 'production') warnIfUnknown(hook, client, action, resource);
    return read(client);
  };
  return React.useSyncExternalStore(client.subscribe, get, get);
}

/**
 * @internal The hook behind `useCheck`, `<Can>`'s render prop and `<GuardedAction>`, named
 * `hook` in errors: a {@link CheckResult} that keeps its identity until a field changes.
 */
export function useCheckResult(hook: string, action: string, resource: ResourceRef): CheckResult {
  const last = React.useRef<CheckResult | null>(null);
  return useRead(hook, action, resource, (client) => readCheck(client, action, resource, last));
}

/**
 * Whether the signed-in user may perform `action` on `resource`, answered synchronously
 * from the client's snapshot. The component re-renders only when this one answer changes.
 * While no snapshot is loaded the answer is `false` (fail closed).
 *
 * Actions are checked against your schema at compile time with `createGrantkitHooks`.
 *
 * @example
 * ```tsx
 * function EditButton({ id }: { id: string }) {
 *   const canEdit = useCan('edit', { type: 'dashboard', id });
 *   return <button disabled={!canEdit}>Edit</button>;
 * }
 * ```
 */
export function useCan(action: string, resource: ResourceRef): boolean {
  // one boolean: the component re-renders only when it flips
  return useRead('useCan', action, resource, (client) => client.can(action, resource));
}

/**
 * Like {@link useCan}, with the reason and the loading state: `{ allowed, state, status,
 * reason }`. The object keeps its identity until one of its fields changes.
 *
 * @example
 * ```tsx
 * function ShareButton({ id }: { id: string }) {
 *   const { allowed, reason } = useCheck('share', { type: 'dashboard', id });
 *   return (
 *     <button aria-disabled={!allowed} title={reason}>
 *       Share
 *     </button>
 *   );
 * }
 * ```
 */
export function useCheck(action: string, resource: ResourceRef): CheckResult {
  return useCheckResult('useCheck', action, resource);
}

/** @internal `useSyncExternalStore` over any selection of the client, with a custom equality. */
export function useClientSelector<T>(
  hook: string,
  select: (client: GrantkitClient, state: ClientState) => T,
  isEqual: (a: T, b: T) => boolean,
): T {
  const client = useGrantkitContext(hook);
  const cache = React.useRef<{ state: ClientState; select: unknown; value: T } | null>(null);
  const get = React.useCallback(() => {
    const state = client.getSnapshot();
    const prev = cache.current;
    if (prev !== null && prev.state === state && prev.select === select) return prev.value;
    const next = select(client, state);
    const value = prev !== null && isEqual(prev.value, next) ? prev.value : next;
    cache.current = { state, select, value };
    return value;
  }, [client, select, isEqual]);
  return React.useSyncExternalStore(client.subscribe, get, get);
}
