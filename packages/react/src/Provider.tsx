import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { GrantChange, GrantkitClient } from './types.ts';

/** What the provider hands to every hook: the client and a subscribe bound to it once. */
interface GrantkitContextValue {
  readonly client: GrantkitClient;
  /** `client.subscribe`, bound once per client so `useSyncExternalStore` keeps its subscription. */
  readonly subscribe: (onChange: () => void) => () => void;
}

const GrantkitContext = createContext<GrantkitContextValue | null>(null);
GrantkitContext.displayName = 'GrantkitContext';

/**
 * Thrown by every Grantkit hook and component rendered outside a `<GrantkitProvider>`.
 * Its message names the fix.
 *
 * @example
 * ```tsx
 * // Throws GrantkitProviderMissingError: useCan needs a Grantkit client: wrap your tree in
 * // <GrantkitProvider client={...}> …
 * render(<Can I="view" on={{ type: 'dashboard', id: 'q3' }}>Q3</Can>);
 * ```
 */
export class GrantkitProviderMissingError extends Error {
  /** The hook or component that was rendered without a provider. */
  readonly hook: string;
  constructor(hook: string) {
    super(
      `${hook} needs a Grantkit client: wrap your tree in <GrantkitProvider client={...}> with a client from createGrantkitClient()`,
    );
    this.name = 'GrantkitProviderMissingError';
    this.hook = hook;
  }
}

/**
 * Props of {@link GrantkitProvider}.
 *
 * @example
 * ```tsx
 * const props: GrantkitProviderProps = { client: createGrantkitClient({ tenant: 'acme', userId: 'ann', baseUrl: '/grantkit' }) };
 * <GrantkitProvider {...props}><App /></GrantkitProvider>;
 * ```
 */
export interface GrantkitProviderProps {
  /** The client of `@grantkit/sdk` (`createGrantkitClient(...)`); create it once, outside render. */
  readonly client: GrantkitClient;
  readonly children?: ReactNode;
}

/**
 * Makes a Grantkit client available to `useCan`, `useCheck`, `<Can>`, `<GuardedAction>` and
 * the other hooks below it. The provider never re-renders on grant changes: each consumer
 * subscribes to the client itself and re-renders only when its own answer changes.
 *
 * @example
 * ```tsx
 * import { createGrantkitClient } from '@grantkit/sdk';
 * import { GrantkitProvider } from '@grantkit/react';
 *
 * const client = createGrantkitClient({ baseUrl: '/api', tenant: 'acme', userId: 'u1' });
 *
 * export function App() {
 *   return (
 *     <GrantkitProvider client={client}>
 *       <Dashboards />
 *     </GrantkitProvider>
 *   );
 * }
 * ```
 */
export function GrantkitProvider({ client, children }: GrantkitProviderProps): ReactNode {
  const value = useMemo<GrantkitContextValue>(
    () => ({
      client,
      subscribe: (onChange: () => void) => client.subscribe((_change: GrantChange) => onChange()),
    }),
    [client],
  );
  return <GrantkitContext.Provider value={value}>{children}</GrantkitContext.Provider>;
}

/** @internal The provider's value, or a {@link GrantkitProviderMissingError} naming `hook`. */
export function useGrantkitContext(hook: string): GrantkitContextValue {
  const value = useContext(GrantkitContext);
  if (value === null) throw new GrantkitProviderMissingError(hook);
  return value;
}

/**
 * The Grantkit client of the nearest `<GrantkitProvider>`, for what the hooks do not cover
 * (`refresh()` after an admin operation, `awaitRevision`, `explain`).
 *
 * @example
 * ```tsx
 * function RefreshButton() {
 *   const client = useGrantkitClient();
 *   return <button onClick={() => client.refresh()}>Refresh user data</button>;
 * }
 * ```
 */
export function useGrantkitClient(): GrantkitClient {
  return useGrantkitContext('useGrantkitClient').client;
}
