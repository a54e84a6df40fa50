/**
 * An exclusive lock on a PGlite data directory, so two processes never run one database
 * (each would acknowledge writes the other then overwrites). The lock is a file created
 * atomically (written aside, then hard-linked into place: it exists complete or not at all)
 * holding the owner's pid, host and process start time. It cannot go stale: a lock whose
 * process is gone (killed with -9, crashed) — or whose pid now belongs to a process that
 * started later — is taken over; a lock of a live process is never taken over, whatever
 * its age.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file inside the data directory. */
export const LOCK_FILE = 'grantkit.lock';

/**
 * What the lock file holds.
 *
 * @example
 * ```ts
 * const owner: LockOwner = error.owner; // { pid: 4242, host: 'web-1', started: '81234', at: 1764…, token: '…' }
 * ```
 */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The owner's process start time (Linux: clock ticks since boot), when known. */
  readonly started: string | null;
  /** When the lock was taken (ms since the epoch). */
  readonly at: number;
  /** Unique per acquisition. */
  readonly token: string;
}

/**
 * The PGlite data directory is in use by another live process. Stop that process (or point
 * this one at another directory); a lock left by a process that no longer runs is taken over
 * by itself.
 *
 * @example
 * ```ts
 * try { await createPGliteStorage({ dataDir }); } catch (e) {
 *   if (e instanceof DataDirLockedError) console.error(`${e.dataDir} is used by pid ${e.owner.pid} on ${e.owner.host}`);
 * }
 * ```
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `the PGlite data directory ${dataDir} is in use by process ${owner.pid} on host ${owner.host} ` +
        `(locked since ${new Date(owner.at).toISOString()}). Stop that process or use another data ` +
        `directory; a lock of a process that is no longer running is taken over automatically.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Linux: field 22 of /proc/<pid>/stat (start time in clock ticks since boot); `null` elsewhere. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

/** Whether the process that wrote `owner` may still be running. */
function holds(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot look at another host's processes
  if (owner.pid === process.pid && owner.started === startTime(process.pid)) return true;
  if (!isAlive(owner.pid)) return false;
  const now = startTime(owner.pid);
  // The pid was reused by a process that started after the owner: the owner is gone.
  return owner.started === null || now === null || now === owner.started;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof v.pid === 'number' && typeof v.token === 'string' ? v : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Unreadable or not ours: an unknown owner that can never be alive.
    return { pid: 0, host: hostname(), started: null, at: 0, token: 'unreadable' };
  }
}

/** A held lock. */
export interface DataDirLock {
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this lock's. */
  release(): void;
}

/**
 * Takes the exclusive lock on `dataDir` (which must exist) or throws
 * {@link DataDirLockedError} naming the live process that holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    started: startTime(process.pid),
    at: Date.now(),
    token: randomUUID(),
  };
  const temp = `${file}.${owner.token}`;
  writeFileSync(temp, `${JSON.stringify(owner)}\n`, { flag: 'wx', mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, file); // atomic: fails with EEXIST when a lock is there
        return {
          owner,
          release() {
            if (readOwner(file)?.token === owner.token) unlinkSync(file);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readOwner(file);
      if (current === undefined) continue; // released meanwhile
      if (holds(current)) throw new DataDirLockedError(dataDir, current);
      // Stale: move it aside, then make sure it was the stale one we looked at.
      const aside = `${file}.stale.${owner.token}`;
      try {
        renameSync(file, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // another taker won
        throw error;
      }
      const moved = readOwner(aside);
      if (moved !== undefined && moved.token !== current.token) {
        // A concurrent starter took the stale lock over first: put its lock back and yield.
        try {
          linkSync(aside, file);
        } catch {
          // yet another one holds it now; theirs stays
        }
        unlinkSync(aside);
        throw new DataDirLockedError(dataDir, moved);
      }
      unlinkSync(aside);
    }
    throw new Error(`could not lock the PGlite data directory ${dataDir}: it keeps changing hands`);
  } finally {
    unlinkSync(temp);
  }
}
