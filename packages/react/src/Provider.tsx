import type { GrantkitClientOptions } from '@grantkit/sdk';
import type { ReactNode } from 'react';
import * as React from 'react';
import { useOwnedGrantkitClient } from './ownedClient.ts';
import type { GrantkitClient } from './types.ts';

/** Bundlers replace `process.env.NODE_ENV`; development-only code is dropped from production builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * The client of the nearest provider. Hooks pass its `subscribe` to `useSyncExternalStore`
 * as it is: a client's methods are plain functions (`@grantkit/sdk` documents
 * `useSyncExternalStore(client.subscribe, …)`), so its identity is the client's.
 */
const GrantkitContext = React.createContext<GrantkitClient | null>(null);
if (process.env.NODE_ENV !== 'production') GrantkitContext.displayName = 'GrantkitContext';

/**
 * Thrown by every Grantkit hook and component rendered outside a `<GrantkitProvider>`.
 * Its message names the fix.
 *
 * @example
 * ```tsx
 * // Throws GrantkitProviderMissingError: useCan needs a Grantkit client: wrap your tree in
 * // <GrantkitProvider> …
 * render(<Can I="view" on={{ type: 'dashboard', id: 'q3' }}>Q3</Can>);
 * ```
 */
export class GrantkitProviderMissingError extends Error {
  /** The hook or component that was rendered without a provider. */
  declare readonly hook: string;
  constructor(hook: string) {
    super(
      // the whole fix in development; production builds keep the first sentence
      `${hook} needs a Grantkit client: wrap your tree in <GrantkitProvider${
        process.env.NODE_ENV !== 'production'
          ? ' client={...}> with a client from createGrantkitClient(), or <GrantkitProvider options={...}> to let it create and own one'
          : '>'
      }`,
    );
    this.name = 'GrantkitProviderMissingError';
    this.hook = hook;
  }
}

/**
 * Props of {@link GrantkitProvider}: either a `client` you create and dispose yourself, or
 * the `options` of a client the provider creates, owns and disposes.
 *
 * @example
 * ```tsx
 * const owned: GrantkitProviderProps = { options: { baseUrl: '/grantkit', tenant: 'acme', userId: 'ann' } };
 * const given: GrantkitProviderProps = { client: createGrantkitClient({ baseUrl: '/grantkit', tenant: 'acme', userId: 'ann' }) };
 * <GrantkitProvider {...owned}><App /></GrantkitProvider>;
 * ```
 */
export type GrantkitProviderProps =
  | {
      /** A client of `@grantkit/sdk` (`createGrantkitClient(...)`); create it once, outside render. You dispose it. */
      readonly client: GrantkitClient;
      readonly options?: undefined;
      readonly children?: ReactNode;
    }
  | {
      /**
       * The options of a client the provider creates on mount and disposes on unmount (not
       * on StrictMode's simulated unmount nor a Fast Refresh). Read once; a new `tenant` or
       * `userId` gets a client of its own (MODEL C4), a new `getToken` goes to the same one;
       * remount with a `key` to change anything else.
       */
      readonly options: GrantkitClientOptions;
      readonly client?: undefined;
      readonly children?: ReactNode;
    };

/**
 * Makes a Grantkit client available to `useCan`, `useCheck`, `<Can>`, `<GuardedAction>` and
 * the other hooks below it. The provider never re-renders on grant changes: each consumer
 * subscribes to the client itself and re-renders only when its own answer changes.
 *
 * Who owns the client: with `options` the provider does (created once, disposed when the
 * provider unmounts for real; safe under React StrictMode and Fast Refresh); with `client`
 * you do (create it outside render, dispose it when your app is done with it).
 *
 * @example
 * ```tsx
 * import { GrantkitProvider } from '@grantkit/react';
 *
 * export function App({ userId }: { userId: string }) {
 *   return (
 *     <GrantkitProvider options={{ baseUrl: '/api', tenant: 'acme', userId }}>
 *       <Dashboards />
 *     </GrantkitProvider>
 *   );
 * }
 *
 * // or a client you own:
 * const client = createGrantkitClient({ baseUrl: '/api', tenant: 'acme', userId: 'u1' });
 * <GrantkitProvider client={client}><Dashboards /></GrantkitProvider>;
 * ```
 */
export function GrantkitProvider(props: GrantkitProviderProps): ReactNode {
  // No hook here: a given client is provided as it is, `options` go to a component that owns
  // a client. Switching between the two remounts the tree, as switching hooks must.
  return props.client !== undefined ? (
    <GrantkitContext.Provider value={props.client}>{props.children}</GrantkitContext.Provider>
  ) : (
    <OwningProvider {...props} />
  );
}

/** The provider of a client it creates and disposes. */
function OwningProvider(props: {
  readonly options: GrantkitClientOptions;
  readonly children?: ReactNode;
}): ReactNode {
  return (
    <GrantkitContext.Provider value={useOwnedGrantkitClient(props.options)}>
      {props.children}
    </GrantkitContext.Provider>
  );
}

/** @internal The provider's client, or a {@link GrantkitProviderMissingError} naming `hook`. */
export function useGrantkitContext(hook: string): GrantkitClient {
  const client = React.useContext(GrantkitContext);
  if (client === null) throw new GrantkitProviderMissingError(hook);
  return client;
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
  return useGrantkitContext('useGrantkitClient');
}
