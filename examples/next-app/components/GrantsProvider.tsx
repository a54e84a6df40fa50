'use client';
// The client provider: it owns the browser's client (StrictMode and Fast Refresh safe),
// starting from the snapshot the server rendered with, then live (push over SSE).
import { GrantkitProvider } from '@grantkit/react';
import type { GrantSnapshot } from '@grantkit/sdk';
import { type ReactNode, useMemo } from 'react';

export function GrantsProvider({
  userId,
  token,
  snapshot,
  children,
}: {
  userId: string;
  token: string;
  snapshot: GrantSnapshot;
  children: ReactNode;
}) {
  const getToken = useMemo(() => () => token, [token]);
  return (
    <GrantkitProvider
      options={{
        baseUrl: '/grantkit',
        tenant: snapshot.tenant,
        userId,
        getToken,
        initialSnapshot: snapshot,
      }}
    >
      {children}
    </GrantkitProvider>
  );
}
