/** The types this package shares with `@grantkit/sdk` (the client) and `@grantkit/core`. */
export type { ResourceRef } from '@grantkit/core';
export type {
  ClientState,
  ClientStatus,
  Explanation,
  GrantChange,
  GrantkitClient,
  GrantResource,
} from '@grantkit/sdk';
