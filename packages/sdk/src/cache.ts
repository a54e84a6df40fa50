/**
 * The persistent cache (MODEL C4): one entry per tenant + user + snapshot format,
 * holding the last good snapshot and when it was last validated against the server.
 */
import { GrantkitClientError } from './errors.ts';

const PREFIX = 'grantkit:';

/** `localStorage` when there is one and it may be used (not in Node, not in a sandbox). */
export function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The storage key of a user's snapshot; ids are URI-encoded so no two users share a key. */
export const cacheKey = (format: number, tenant: string, userId: string): string =>
  `${PREFIX}${format}:${encodeURIComponent(tenant)}:${encodeURIComponent(userId)}`;

/** A cache entry: the snapshot (unvalidated until the client checks it) and its validation time. */
export interface CacheEntry {
  readonly snapshot: unknown;
  readonly validatedAt: number;
}

/** Reads an entry; a corrupted one is removed and reported. */
export function readCache(storage: Storage, key: string): CacheEntry | GrantkitClientError | null {
  let raw: string | null = null;
  try {
    raw = storage.getItem(key);
    if (raw === null) return null;
    const entry = JSON.parse(raw) as CacheEntry;
    if (typeof entry?.validatedAt === 'number' && typeof entry.snapshot === 'object') return entry;
    throw new TypeError('not a cache entry');
  } catch (e) {
    try {
      storage.removeItem(key);
    } catch {}
    return storageError(`discarded unreadable cached grants (${key})`, e);
  }
}

/** Writes an entry; a full or blocked storage is reported, never thrown. */
export function writeCache(
  storage: Storage,
  key: string,
  entry: CacheEntry,
): GrantkitClientError | undefined {
  try {
    storage.setItem(key, JSON.stringify(entry));
  } catch (e) {
    try {
      storage.removeItem(key); // never leave an older entry behind a newer snapshot
    } catch {}
    return storageError('could not save the grants (storage full or blocked)', e);
  }
}

/** Removes the entries of one user (every format), or of everyone when `tenant` is omitted. */
export function clearCache(storage: Storage, tenant?: string, userId?: string): void {
  const own =
    tenant === undefined
      ? ''
      : `:${encodeURIComponent(tenant)}:${encodeURIComponent(userId ?? '')}`;
  try {
    for (let i = storage.length - 1; i >= 0; i--) {
      const key = storage.key(i);
      if (key?.startsWith(PREFIX) && key.endsWith(own)) storage.removeItem(key);
    }
  } catch {}
}

const storageError = (what: string, cause: unknown): GrantkitClientError =>
  new GrantkitClientError(
    'storage',
    `${what}: working from memory; free storage or pass storage: null`,
    { cause },
  );
