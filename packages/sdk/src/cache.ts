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

/** The end of a user's keys; ids are URI-encoded so no two users share a key. */
const owner = (tenant: string, userId: string) =>
  `:${encodeURIComponent(tenant)}:${encodeURIComponent(userId)}`;

/** The storage key of a user's snapshot. */
export const cacheKey = (format: number, tenant: string, userId: string): string =>
  PREFIX + format + owner(tenant, userId);

/** A cache entry: the snapshot (unvalidated until the client checks it) and its validation time. */
export interface CacheEntry {
  readonly snapshot: unknown;
  readonly validatedAt: number;
}

/** Runs `use`; if it throws, removes `key` (never leave a bad or an older entry) and reports why. */
function guarded<T>(storage: Storage, key: string, what: string, use: () => T) {
  try {
    return use();
  } catch (cause) {
    try {
      storage.removeItem(key);
    } catch {}
    return new GrantkitClientError('storage', `${what}: working from memory`, { cause });
  }
}

/** Reads an entry; a corrupted one is removed and reported. */
export const readCache = (storage: Storage, key: string): CacheEntry | GrantkitClientError | null =>
  guarded(storage, key, `discarded unreadable cached grants (${key})`, () => {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const entry = JSON.parse(raw) as CacheEntry;
    if (typeof entry?.validatedAt === 'number' && typeof entry.snapshot === 'object') return entry;
    throw new TypeError('not a cache entry');
  });

/** Writes an entry; a full or blocked storage is reported, never thrown. */
export const writeCache = (
  storage: Storage,
  key: string,
  entry: CacheEntry,
): GrantkitClientError | undefined =>
  guarded(
    storage,
    key,
    'could not save the grants (storage full or blocked)',
    () => void storage.setItem(key, JSON.stringify(entry)),
  );

/** Removes the entries of one user (every format), or of everyone when `tenant` is omitted. */
export function clearCache(storage: Storage, tenant?: string, userId = ''): void {
  const own = tenant === undefined ? '' : owner(tenant, userId);
  try {
    for (let i = storage.length; i--; ) {
      const key = storage.key(i);
      if (key?.startsWith(PREFIX) && key.endsWith(own)) storage.removeItem(key);
    }
  } catch {}
}
