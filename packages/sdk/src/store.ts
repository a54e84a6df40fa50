/**
 * The client's state holder (internal): immutable states, one notification per change,
 * each saying which resource types it touched. A dozen lines, so the client carries no
 * state library (it was zustand's vanilla store; nothing here needs more).
 */
import type { ClientState, GrantChange } from './types.ts';

/** The state holder the client writes through. */
export interface ClientStore {
  get(): ClientState;
  /** Holds `next` when it differs from the state held and notifies with `types`. */
  set(next: ClientState, types: ReadonlySet<string> | 'all'): void;
  subscribe(listener: (change: GrantChange) => void): () => void;
}

export function createClientStore(initial: ClientState): ClientStore {
  let state = initial;
  /** One entry per subscription (the same listener may subscribe twice). */
  const listeners = new Set<{ readonly hear: (change: GrantChange) => void }>();
  return {
    get: () => state,
    set(next, types) {
      if (
        !Object.keys(next).some(
          (k) => next[k as keyof ClientState] !== state[k as keyof ClientState],
        )
      )
        return;
      state = next;
      const change: GrantChange = { revision: state.revision, status: state.status, types };
      for (const { hear } of [...listeners])
        try {
          hear(change);
        } catch (e) {
          // a failing listener must not break the client's sync: reported, not thrown here
          queueMicrotask(() => {
            throw e;
          });
        }
    },
    subscribe(hear) {
      const entry = { hear };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}
