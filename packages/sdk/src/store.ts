/**
 * The client's state in a vanilla zustand store (internal): immutable states, one
 * notification per change, each saying which resource types it touched.
 */
import { createStore } from 'zustand/vanilla';
import type { ClientState, GrantChange } from './types.ts';

/** The state holder the client writes through. */
export interface ClientStore {
  get(): ClientState;
  /** Applies `patch` when it changes anything and notifies with `types`. */
  set(patch: Partial<ClientState>, types?: ReadonlySet<string> | 'all'): void;
  subscribe(listener: (change: GrantChange) => void): () => void;
}

export function createClientStore(initial: ClientState): ClientStore {
  const store = createStore<ClientState>()(() => initial);
  let types: ReadonlySet<string> | 'all' = 'all';
  return {
    get: store.getState,
    set(patch, touched = 'all') {
      const state = store.getState();
      if (
        Object.keys(patch).some(
          (k) => patch[k as keyof ClientState] !== state[k as keyof ClientState],
        )
      ) {
        types = touched;
        store.setState(patch);
      }
    },
    subscribe: (listener) =>
      store.subscribe(({ revision, status }) => {
        try {
          listener({ revision, status, types });
        } catch (e) {
          // a failing listener must not break the client's sync: reported, not thrown here
          queueMicrotask(() => {
            throw e;
          });
        }
      }),
  };
}
