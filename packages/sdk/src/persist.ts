/**
 * `persist()`: the persistent cache (MODEL C4). The last good snapshot of each user is
 * kept in `localStorage` (or any `Storage`) with when it was last validated; a client
 * starts `ready` from it while it is within its maximum staleness on this device's clock.
 * Switching user removes the previous user's entry; signing out removes every entry.
 */
import { cacheKey, clearCache, defaultStorage, readCache, writeCache } from './cache.ts';
import { GrantkitClientError } from './errors.ts';
import { FORMAT } from './format.ts';
import type { GrantkitPlugin, PluginContext, PluginSession } from './plugin.ts';

/**
 * Options of {@link persist}.
 *
 * @example
 * ```ts
 * const options: PersistOptions = { storage: sessionStorage }; // forgotten when the tab closes
 * createGrantkitClient({ baseUrl: '/grantkit', tenant: 'acme', userId: 'ann', plugins: [persist(options)] });
 * ```
 */
export interface PersistOptions {
  /** Where snapshots are kept; default `globalThis.localStorage` when it may be used. */
  readonly storage?: Storage | undefined;
}

/** Reads the user's entry into the client; writes every answer of the server back. */
function keep(storage: Storage, ctx: PluginContext): PluginSession {
  const { tenant, userId } = ctx.identity;
  const key = cacheKey(FORMAT, tenant, userId);
  const entry = ctx.snapshot ? null : readCache(storage, key);
  if (entry instanceof GrantkitClientError) ctx.report(entry);
  else if (entry)
    try {
      // MODEL C4: used only within its maximum staleness, on this device's clock
      const s = ctx.validate(entry.snapshot);
      const age = ctx.now() - entry.validatedAt;
      if (age >= 0 && age < ctx.maxStale(s)) ctx.offer(s, { at: entry.validatedAt });
    } catch {
      clearCache(storage, tenant, userId); // a bad entry is not read again
    }
  return {
    received({ snapshot }) {
      const e = writeCache(storage, key, { snapshot, validatedAt: ctx.confirmedAt });
      if (e) ctx.report(e);
    },
    stop(reason) {
      if (reason === 'switch-user') clearCache(storage, tenant, userId);
      else if (reason !== 'dispose') clearCache(storage);
    },
  };
}

/**
 * Keeps the last good snapshot of the signed-in user in `localStorage` (or `storage`),
 * so a reload starts `ready` without waiting for the server while the cached grants are
 * within their maximum staleness (MODEL C4). Corrupted or foreign entries are discarded.
 *
 * @example
 * ```ts
 * import { createGrantkitClient } from '@grantkit/sdk';
 * import { persist } from '@grantkit/sdk/persist';
 *
 * const client = createGrantkitClient({
 *   baseUrl: '/grantkit',
 *   tenant: 'acme',
 *   userId: 'ann',
 *   plugins: [persist()], // or persist({ storage: sessionStorage })
 * });
 * ```
 */
export function persist(options: PersistOptions = {}): GrantkitPlugin {
  return {
    name: 'persist',
    start(ctx) {
      const storage = options.storage ?? defaultStorage();
      return storage ? keep(storage, ctx) : {};
    },
  };
}
