import type { GrantkitClientError, StaleReason } from '@grantkit/sdk';
import type { ClientState, ClientStatus, GrantkitClient } from './types.ts';
import { useClientSelector } from './useCan.ts';

/**
 * What {@link useGrantkitStatus} returns: the client's status, why it is `stale`, and the
 * last error. The same object until one of the three changes.
 *
 * @example
 * ```tsx
 * const { status, reason, error }: GrantkitStatus = useGrantkitStatus();
 * ```
 */
export interface GrantkitStatus {
  /** `idle`, `loading`, `ready`, `stale` or `error` (every check is false unless `ready`, MODEL C3). */
  readonly status: ClientStatus;
  /** Why the status is `stale` (`revision-pending`, `refresh-failed`, `not-revalidated`); else `null`. */
  readonly reason: StaleReason | null;
  /** The last error (its `code` and message), kept until a later sync succeeds; else `null`. */
  readonly error: GrantkitClientError | null;
}

const select = (_client: GrantkitClient, state: ClientState): GrantkitStatus => ({
  status: state.status,
  reason: state.reason,
  error: state.error,
});
const same = (a: GrantkitStatus, b: GrantkitStatus): boolean =>
  a.status === b.status && a.reason === b.reason && a.error === b.error;

/**
 * The status of the nearest provider's client, for a banner or a spinner: `{ status,
 * reason, error }`. The component re-renders only when one of them changes, not on every
 * new snapshot.
 *
 * @example
 * ```tsx
 * function PermissionsBanner() {
 *   const { status, reason, error } = useGrantkitStatus();
 *   if (status === 'loading') return <p>Checking your permissions…</p>;
 *   if (status === 'stale') return <p role="status">Permissions may be out of date ({reason}).</p>;
 *   if (status === 'error') return <p role="alert">Permissions could not be loaded: {error?.message}</p>;
 *   return null;
 * }
 * ```
 */
export function useGrantkitStatus(): GrantkitStatus {
  return useClientSelector('useGrantkitStatus', select, same);
}
