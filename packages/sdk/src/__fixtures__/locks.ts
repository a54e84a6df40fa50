/**
 * The Web Locks API (`navigator.locks`, exclusive locks, `signal`) for tests in Node,
 * which has none: one LockManager shared by the clients of a process, as a browser's
 * is shared by the tabs of an origin. A lock is granted to the first waiter when the
 * holder's callback settles; a waiter whose signal aborts leaves the queue.
 */

type Callback = (lock: { name: string; mode: 'exclusive' }) => unknown;

export class MemoryLockManager {
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly held = new Set<string>();
  /** How many requests were granted, per lock name. */
  readonly grants = new Map<string, number>();

  request(
    name: string,
    optionsOrCallback: { signal?: AbortSignal } | Callback,
    maybeCallback?: Callback,
  ): Promise<unknown> {
    const [options, callback] =
      typeof optionsOrCallback === 'function'
        ? [{}, optionsOrCallback]
        : [optionsOrCallback, maybeCallback!];
    const { signal } = options as { signal?: AbortSignal };
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      const onAbort = () => {
        const i = queue.indexOf(grant);
        if (i < 0) return; // already granted: an abort no longer matters
        queue.splice(i, 1);
        reject(signal!.reason);
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.held.add(name);
        this.grants.set(name, (this.grants.get(name) ?? 0) + 1);
        queueMicrotask(async () => {
          try {
            resolve(await callback({ name, mode: 'exclusive' }));
          } catch (e) {
            reject(e);
          } finally {
            this.held.delete(name);
            this.next(name);
          }
        });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
      this.next(name);
    });
  }

  /** Is the lock `name` held now? */
  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  private next(name: string): void {
    if (!this.held.has(name)) this.queues.get(name)?.shift()?.();
  }
}

/** Gives `navigator` the lock manager (`null`: takes it away, as in a browser without Web Locks). */
export function installLocks(locks: MemoryLockManager | null): void {
  Object.defineProperty(globalThis.navigator, 'locks', {
    value: locks ?? undefined,
    configurable: true,
    writable: true,
  });
}
