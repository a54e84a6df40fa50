/**
 * Deadlines for storage calls and health checks, so a stuck database turns into a bounded
 * `503` instead of a hung request.
 */
import { type HealthCheck, StorageUnavailableError } from './types.ts';

/** Whether a call that outlived its deadline is still running (see {@link createWatchdog}). */
export interface Deadline {
  expired: boolean;
}

/**
 * Bounds every storage call: a call that has not settled after `timeoutMs` rejects with
 * `StorageUnavailableError` (reason `timeout`), and while any such call is still running new
 * calls fail at once instead of queueing behind it, so a stuck database answers every request
 * within one deadline. A tenant transaction past its deadline refuses further statements, so
 * its work cannot go on after the caller was told it failed.
 */
export function createWatchdog(timeoutMs: number) {
  let stuck = 0;
  let stuckSince = 0;
  const stuckError = () =>
    new StorageUnavailableError(
      new Error(`a storage call has not returned for ${Date.now() - stuckSince} ms`),
      { reason: 'timeout' },
    );
  return {
    /** `undefined` when no call is stuck, else how long the oldest has been. */
    stuckFor: () => (stuck === 0 ? undefined : Date.now() - stuckSince),
    run<T>(what: string, work: (deadline: Deadline) => Promise<T>): Promise<T> {
      if (stuck > 0) return Promise.reject(stuckError());
      const deadline: Deadline = { expired: false };
      const running = work(deadline);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          deadline.expired = true;
          if (stuck++ === 0) stuckSince = Date.now() - timeoutMs;
          running
            .finally(() => {
              stuck -= 1;
            })
            .catch(() => {});
          reject(
            new StorageUnavailableError(
              new Error(`${what} did not finish within ${timeoutMs} ms`),
              { reason: 'timeout' },
            ),
          );
        }, timeoutMs);
        running.then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    },
  };
}

/** Settles within `ms`: the check's own answer, or a failed check saying it timed out. */
export async function within(ms: number, what: string, check: () => Promise<HealthCheck>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<HealthCheck>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, message: `${what} did not answer within ${ms} ms` }),
      ms,
    );
  });
  try {
    return await Promise.race([
      check().catch(
        (error: unknown): HealthCheck => ({
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
