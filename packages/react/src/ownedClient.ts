import { createGrantkitClient, type GrantkitClientOptions } from '@grantkit/sdk';
import * as React from 'react';
import type { GrantkitClient } from './types.ts';

interface Owned {
  readonly client: GrantkitClient;
  /** Whom it was created for: another user gets a client of their own (MODEL C4). */
  readonly who: string;
  /** The dispose scheduled by the last effect cleanup; a remount cancels it. */
  pending?: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A Grantkit client created on first render and owned by the calling component: it is
 * disposed when the component unmounts for real, never on React StrictMode's simulated
 * unmount or a Fast Refresh (the dispose is deferred to a task and a remount cancels it).
 * On the server (no `window`, e.g. Next.js rendering a client component) it is created with
 * `mode: 'server'` unless `options.mode` says otherwise: pass `initialSnapshot` to render
 * the user's answers. The options are read once, at creation. A new `tenant` or `userId`
 * gets a new client in the same render (loading, every check false until that user's grants
 * arrive; the previous user's client is disposed), so no commit shows the new user the
 * previous user's answers (MODEL C4); a new `getToken` alone is applied with
 * `client.setUser`. To
 * change any other option, remount with a React `key`.
 *
 * Prefer `<GrantkitProvider options={...}>`, which calls it for you; use the hook when
 * something outside the provider needs the client too.
 *
 * @example
 * ```tsx
 * function App({ user }: { user: { id: string; token: string } }) {
 *   const client = useOwnedGrantkitClient({
 *     baseUrl: '/grantkit',
 *     tenant: 'acme',
 *     userId: user.id,
 *     getToken: () => user.token,
 *   });
 *   return (
 *     <GrantkitProvider client={client}>
 *       <Dashboards />
 *     </GrantkitProvider>
 *   );
 * }
 * ```
 */
export function useOwnedGrantkitClient(options: GrantkitClientOptions): GrantkitClient {
  // A ref, not useState's initializer: StrictMode calls that twice and would leak a started client.
  const ref = React.useRef<Owned | null>(null);
  const { tenant, userId, getToken } = options;
  const who = `${tenant}\u0000${userId}`;
  // Another user gets a new client in the same render, loading and denying until their
  // grants arrive: no commit shows them the previous user's answers (MODEL C4). The effect
  // below disposes the replaced one. Server rendering runs no effect, so nothing would
  // dispose it: a server-mode client opens nothing (no stream, timers, channel or storage)
  // and answers from initialSnapshot.
  if (ref.current?.who !== who)
    ref.current = {
      who,
      client: createGrantkitClient(
        typeof window === 'undefined' && options.mode === undefined
          ? { ...options, mode: 'server' }
          : options,
      ),
    };
  const owned = ref.current;
  React.useEffect(() => {
    clearTimeout(owned.pending); // a timer cleared twice stays cleared
    return () => {
      owned.pending = setTimeout(() => owned.client.dispose(), 0);
    };
  }, [owned]);
  React.useEffect(() => {
    // a new `getToken` for the same user
    owned.client.setUser({ tenant, userId, getToken });
  }, [owned, tenant, userId, getToken]);
  return owned.client;
}
