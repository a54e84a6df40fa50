/** The session context: who is signed in, the API for them, and how ops reach the UI. */
import { useGrantkitClient } from '@grantkit/react';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { Api, OpResult } from '../api';
import type { Session } from '../session';

export interface SessionValue {
  readonly session: Session;
  readonly api: Api;
  /** Super admins may view as another user (MODEL A11). */
  readonly canViewAs: boolean;
  setViewAs(userId: string | undefined): void;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession needs <SessionProvider>');
  return value;
}

/**
 * Runs an admin op and waits until this browser's grants include it (read-your-writes:
 * `client.awaitRevision`), so every check on screen reflects the change.
 */
export function useOp(): (name: string, args: Record<string, unknown>) => Promise<OpResult> {
  const { api } = useSession();
  const client = useGrantkitClient();
  return useCallback(
    async (name, args) => {
      const result = await api.op(name, args);
      await client.awaitRevision(result.revision).catch(() => undefined);
      return result;
    },
    [api, client],
  );
}

/** The revision of the grants this browser holds; changes when they do (push, refresh, ops). */
export function useRevision(): number | null {
  const client = useGrantkitClient();
  return useSyncExternalStore(client.subscribe, () => client.getSnapshot().revision);
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Loads a read view for `key`, again whenever the grants revision changes (so a change pushed
 * to this user shows without reload), keeping the previous data while it reloads.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const revision = useRevision();
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{
    key: string;
    data: T | undefined;
    error: unknown;
    loading: boolean;
  }>({
    key,
    data: undefined,
    error: undefined,
    loading: true,
  });
  const loader = useRef(load);
  loader.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on key, revision and reload()
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loader.current().then(
      (data) => live && setState({ key, data, error: undefined, loading: false }),
      (error: unknown) => live && setState((s) => ({ ...s, key, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [key, revision, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const same = state.key === key;
  return {
    data: same ? state.data : undefined,
    error: same ? state.error : undefined,
    loading: state.loading || !same,
    reload,
  };
}
