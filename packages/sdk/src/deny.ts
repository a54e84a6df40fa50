/**
 * What answers checks while the client is not `ready`: every check is false (fail
 * closed, MODEL C3, C4), and `explain` says why from the state: its status, the reason
 * it is `stale`, and the last error.
 */
import type { SnapshotEvaluator } from '@grantkit/core/snapshot';
import type { ClientState, ClientStatus } from './types.ts';

/** What answers checks: a snapshot's evaluator, or the denying one. */
export type Evaluator = Pick<SnapshotEvaluator, 'check' | 'explain'>;

/** Why every check is false, by status (the message of `explain` when not ready). */
const WHY: Record<ClientStatus, string> = {
  idle: 'no user is signed in',
  loading: 'grants not loaded yet',
  ready: '',
  stale: 'grants are stale',
  error: 'grants could not be loaded',
};

/** The evaluator that denies everything, explaining from the current state. */
export const denying = (state: () => ClientState): Evaluator => ({
  check: () => false,
  explain: () => {
    const { status, error, reason } = state();
    let message = WHY[status];
    if (reason) message += ` (${reason})`;
    if (error && (status === 'error' || reason)) message += `: ${error.message}`;
    return { allowed: false, reasons: [], message };
  },
});
