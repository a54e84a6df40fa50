/**
 * The tenants this server instance holds in memory, each with its model, snapshot
 * cache and event streams, kept in step with storage through LISTEN/NOTIFY.
 *
 * Memory is bounded: tenants are kept in least-recently-used order, each with an
 * estimate of its size (see `estimateWorldBytes`), and evicted when the estimates add up
 * past `maxMemoryBytes` or when a tenant was not used for `idleMs`. A tenant is never
 * evicted while a request holds it (an op in flight included) or while it has open event
 * streams. An evicted tenant is loaded again on its next request, the way it is loaded
 * at start: its latest checkpoint plus the ops after it (`TenantEngine.load`).
 */
import type { WorldInput } from '@grantkit/core';
import type { Storage, StorageListener } from '../storage/types.ts';
import { type EngineOptions, TenantEngine } from './engine.ts';
import { SnapshotCache } from './snapshots.ts';
import { StreamHub } from './stream.ts';

/** A loaded tenant. */
export interface Tenant {
  readonly engine: TenantEngine;
  readonly snapshots: SnapshotCache;
  readonly streams: StreamHub;
}

/**
 * Why a tenant left memory: `memory` (the estimates of the loaded tenants exceeded
 * `maxMemoryBytes`), `idle` (unused for `idleMs`).
 *
 * @example
 * ```ts
 * const onEvict = (e: TenantEviction) => metrics.increment(`tenants.evicted.${e.reason}`);
 * ```
 */
export interface TenantEviction {
  readonly tenant: string;
  readonly reason: 'memory' | 'idle';
  /** The tenant's estimated size in bytes. */
  readonly bytes: number;
}

/**
 * How many tenants an instance keeps in memory (the `tenants` option of `createGrantsApp`).
 *
 * @example
 * ```ts
 * const app = createGrantsApp({ storage, schema, authenticate,
 *   tenants: { maxMemoryBytes: 256 * 2 ** 20, idleMs: 10 * 60_000 } });
 * ```
 */
export interface TenantMemoryOptions {
  /**
   * Budget for the estimated size of the loaded tenants, in bytes (default 512 MiB): past
   * it, the least recently used tenants without a request or stream in progress are
   * evicted. The tenant used last always stays, even alone over budget.
   */
  readonly maxMemoryBytes?: number;
  /** A tenant unused this long (no request, no open stream) is evicted, in ms (default 15 min). */
  readonly idleMs?: number;
  /** Told about every eviction (metrics, logs). */
  readonly onEvict?: (eviction: TenantEviction) => void;
}

/** Defaults of {@link TenantMemoryOptions}. */
export const TENANT_DEFAULTS = { maxMemoryBytes: 512 * 2 ** 20, idleMs: 15 * 60_000 } as const;

/** Options of the registry. */
export interface RegistryOptions extends EngineOptions, TenantMemoryOptions {
  /** `maxStale` of compiled snapshots, in seconds. */
  readonly maxStale: number;
  readonly heartbeatMs: number;
}

/** A tenant held for the duration of one request: not evicted until released. */
export interface TenantLease {
  readonly tenant: Tenant;
  /** Ends the hold (idempotent). */
  release(): void;
}

/**
 * Bytes a loaded tenant takes per entry of its world (a user, group, bundle, resource…),
 * measured as heap after GC over models built from checkpoints (`bench/scale.bench.ts`
 * worlds: ~320 B per entry with the model's indexes and the shared part of its snapshots;
 * 20,000 users alone: ~270 B), rounded up: the budget errs on the side of evicting.
 */
export const BYTES_PER_ENTRY = 360;
/**
 * Bytes per share of an asset (a map entry on the asset and in the by-principal index:
 * ~100–160 B measured), rounded up.
 */
export const BYTES_PER_SHARE = 180;
/** Bytes per other reference inside an entry (a member, a bundle's user: ~12–20 B measured). */
export const BYTES_PER_REFERENCE = 32;
/**
 * Bytes per world entry of the shared part of a tenant's snapshots (the links below public
 * assets, built by its first compile and kept with its model until it is rebuilt): ~25 B
 * measured (~60 kB for a 2,000-asset bench tenant, where its first snapshot takes ~80 kB and
 * each next one ~21 kB), rounded up. Counted while the tenant has cached snapshots.
 */
export const SNAPSHOT_SHARED_BYTES_PER_ENTRY = 32;
/** Fixed cost of a tenant (engine, caches, stream hub). */
const BYTES_PER_TENANT = 16 * 1024;

/**
 * The estimated in-memory size of a tenant whose checkpoint is `world`: its entries
 * (users, groups, bundles, resources…), the shares of its assets and the other references
 * inside entries, times measured bytes. Counting is exact, cheap and independent of what
 * else the process does at the time; heap deltas measured around a load are not (GC
 * timing, concurrent loads). The registry adds the tenant's cached snapshots as they grow.
 *
 * @example
 * ```ts
 * estimateWorldBytes({ users: [{ id: 'ann' }], resources: [] }); // about 17 kB
 * ```
 */
export function estimateWorldBytes(world: WorldInput): number {
  return bytesOf(countWorld(world));
}

const bytesOf = ({ entries, shares, references }: ReturnType<typeof countWorld>): number =>
  BYTES_PER_TENANT +
  entries * BYTES_PER_ENTRY +
  shares * BYTES_PER_SHARE +
  references * BYTES_PER_REFERENCE;

/** Entries (items of the top-level lists), asset shares and other references of a world. */
function countWorld(world: WorldInput): { entries: number; shares: number; references: number } {
  let entries = 0;
  let shares = 0;
  let references = 0;
  // No `Object.entries` per item: this runs on every load, and its arrays of pairs were
  // ~0.9 MB of garbage for a 2,000-asset world (more than reading the checkpoint).
  for (const key of Object.keys(world) as (keyof WorldInput)[]) {
    const value: unknown = world[key];
    if (!Array.isArray(value)) continue;
    entries += value.length;
    for (const item of value as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const fields = item as Readonly<Record<string, unknown>>;
      for (const name in fields) {
        const field = fields[name];
        if (!Object.hasOwn(fields, name) || !Array.isArray(field)) continue;
        if (key === 'resources' && name === 'shares') shares += field.length;
        else references += field.length;
      }
    }
  }
  return { entries, shares, references };
}

/** What a load counted: the world's estimate and its entries. */
interface WorldSize {
  readonly bytes: number;
  readonly entries: number;
}

interface Entry {
  readonly id: string;
  pending: Promise<Tenant | null>;
  tenant: Tenant | undefined;
  /** The estimate of its world (at load or rebuild). */
  worldBytes: number;
  /** What the budget counts for it: `worldBytes` plus its cached snapshots. */
  bytes: number;
  leases: number;
  lastUsed: number;
}

export class TenantRegistry {
  /** Least recently used first. */
  private readonly entries = new Map<string, Entry>();
  /** Sizes seen by `loadTenant` (load or rebuild), picked up by the entry. */
  private readonly sized = new Map<string, WorldSize>();
  private readonly engineOptions: EngineOptions;
  private readonly maxBytes: number;
  private readonly idleMs: number;
  private bytes = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private subscription: Promise<() => Promise<void>> | undefined;
  private closed = false;
  /** Checkpoints of evicted tenants being written: `close()` waits for them. */
  private readonly settling = new Set<Promise<void>>();
  /** Counters, for tests and metrics. */
  readonly counts = { loads: 0, evictions: 0 };

  constructor(private readonly options: RegistryOptions) {
    this.maxBytes = options.maxMemoryBytes ?? TENANT_DEFAULTS.maxMemoryBytes;
    this.idleMs = options.idleMs ?? TENANT_DEFAULTS.idleMs;
    if (!(this.maxBytes >= 0)) throw new RangeError('tenants.maxMemoryBytes must be ≥ 0');
    if (!(this.idleMs > 0)) throw new RangeError('tenants.idleMs must be > 0');
    // The engine loads through the same storage; its world passes here on the way.
    const storage = options.storage;
    // Delegates (not a copy): every other method is looked up on `storage` at call time.
    const sizing: Storage = Object.create(storage, {
      loadTenant: {
        value: async (id: string) => {
          const stored = await storage.loadTenant(id);
          if (stored !== null) {
            const counted = countWorld(stored.world);
            this.resize(id, { bytes: bytesOf(counted), entries: counted.entries });
          }
          return stored;
        },
      },
    });
    this.engineOptions = { ...options, storage: sizing };
  }

  /** Tenants in memory and the sum of their estimated sizes. */
  get loaded(): { readonly tenants: number; readonly bytes: number } {
    let tenants = 0;
    for (const e of this.entries.values()) if (e.tenant !== undefined) tenants += 1;
    return { tenants, bytes: this.bytes };
  }

  /** The tenant when it is in memory, without loading or holding it. */
  peek(id: string): Tenant | undefined {
    return this.entries.get(id)?.tenant;
  }

  /** Is the tenant in memory (loaded, not evicted)? */
  has(id: string): boolean {
    return this.entries.get(id)?.tenant !== undefined;
  }

  /**
   * The tenant, held until `release()`: loaded on first use (one load at a time per
   * tenant, however many requests wait for it); `null` when storage has no such tenant.
   */
  async acquire(id: string): Promise<TenantLease | null> {
    if (this.closed) throw new Error('the grants app is closed');
    await this.subscribe();
    let entry = this.entries.get(id);
    if (entry === undefined) {
      const created: Entry = {
        id,
        pending: Promise.resolve(null),
        tenant: undefined,
        worldBytes: 0,
        bytes: 0,
        leases: 0,
        lastUsed: 0,
      };
      this.entries.set(id, created);
      created.pending = this.load(created);
      entry = created;
    } else {
      this.entries.delete(id); // most recently used last
      this.entries.set(id, entry);
    }
    // Held from here on: a sweep while this request waits cannot evict it.
    entry.leases += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      entry.leases -= 1;
      entry.lastUsed = Date.now();
      this.recount(entry); // its snapshot cache may have grown while it was held
      if (entry.leases === 0) this.sweepMemory();
    };
    let tenant: Tenant | null;
    try {
      tenant = await entry.pending;
    } catch (error) {
      this.forget(entry); // the load failed: the next request loads anew
      release();
      throw error;
    }
    if (tenant === null) {
      this.forget(entry);
      release();
      return null;
    }
    try {
      await tenant.engine.ready();
    } catch (error) {
      // Loaded, but its rebuild failed (storage down): it stays the tenant's one copy, with
      // its open streams, and rebuilds on its next use. Forgetting it would load a second
      // copy next to it, whose changes the first one's streams would never hear.
      release();
      throw error;
    }
    return { tenant, release };
  }

  /** The tenant without holding it (it may be evicted once the caller awaits). */
  async get(id: string): Promise<Tenant | null> {
    const lease = await this.acquire(id);
    lease?.release();
    return lease?.tenant ?? null;
  }

  private async load(entry: Entry): Promise<Tenant | null> {
    const id = entry.id;
    this.counts.loads += 1;
    const engine = await TenantEngine.load(id, this.engineOptions);
    if (engine === null) return null;
    const snapshots = new SnapshotCache(engine, this.options.maxStale);
    const tenant: Tenant = {
      engine,
      snapshots,
      streams: new StreamHub(
        engine,
        snapshots,
        this.options.heartbeatMs,
        this.options.storage.activity,
      ),
    };
    if (this.entries.get(id) === entry) {
      entry.tenant = tenant;
      this.resize(id, this.sized.get(id) ?? { bytes: 0, entries: 0 });
      this.sized.delete(id);
      this.sweepMemory();
      this.startIdleTimer();
    }
    return tenant;
  }

  /** Records a tenant's estimated size (at load, and when the engine rebuilds from storage). */
  private resize(id: string, size: WorldSize): void {
    const entry = this.entries.get(id);
    if (entry?.tenant === undefined) {
      this.sized.set(id, size);
      return;
    }
    entry.worldBytes = size.bytes;
    entry.tenant.snapshots.sharedBytes = size.entries * SNAPSHOT_SHARED_BYTES_PER_ENTRY;
    this.recount(entry);
  }

  /** Counts a loaded tenant's world estimate and its cached snapshots against the budget. */
  private recount(entry: Entry): void {
    if (entry.tenant === undefined || this.entries.get(entry.id) !== entry) return;
    const bytes = entry.worldBytes + entry.tenant.snapshots.bytes;
    this.bytes += bytes - entry.bytes;
    entry.bytes = bytes;
  }

  private forget(entry: Entry): void {
    if (this.entries.get(entry.id) !== entry) return;
    this.entries.delete(entry.id);
    this.sized.delete(entry.id);
    if (entry.tenant !== undefined) this.bytes -= entry.bytes;
    entry.tenant = undefined;
  }

  /** Can it go: loaded, no request holding it, no open stream? */
  private evictable(entry: Entry): entry is Entry & { tenant: Tenant } {
    return (
      entry.tenant !== undefined && entry.leases === 0 && entry.tenant.streams.connections === 0
    );
  }

  private evict(entry: Entry & { tenant: Tenant }, reason: TenantEviction['reason']): void {
    const { tenant, bytes } = entry;
    this.forget(entry);
    tenant.streams.close();
    // A checkpoint waiting for its turn is written now: the reload then replays fewer ops.
    const settling = tenant.engine.settled(true).catch(() => {});
    this.settling.add(settling);
    void settling.then(() => this.settling.delete(settling));
    this.counts.evictions += 1;
    this.options.onEvict?.({ tenant: entry.id, reason, bytes });
  }

  /** Evicts least recently used tenants until the estimates fit the budget (the last used stays). */
  private sweepMemory(): void {
    if (this.bytes <= this.maxBytes) return;
    const newest = [...this.entries.keys()].pop();
    for (const entry of this.entries.values()) {
      if (this.bytes <= this.maxBytes) return;
      if (entry.id !== newest && this.evictable(entry)) this.evict(entry, 'memory');
    }
  }

  private sweepIdle(): void {
    const now = Date.now();
    for (const entry of [...this.entries.values()]) {
      if (entry.tenant === undefined) continue;
      // A tenant serving streams or requests is in use: its idle time starts when they end.
      if (!this.evictable(entry)) entry.lastUsed = now;
      else if (now - entry.lastUsed >= this.idleMs) this.evict(entry, 'idle');
    }
    if (this.entries.size === 0) this.stopIdleTimer();
  }

  private startIdleTimer(): void {
    if (this.idleTimer !== undefined || !Number.isFinite(this.idleMs)) return;
    const every = Math.min(Math.max(this.idleMs / 4, 5), 60_000);
    this.idleTimer = setInterval(() => this.sweepIdle(), every);
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    clearInterval(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** LISTEN once per instance; a failed attempt is retried on the next request. */
  private async subscribe(): Promise<void> {
    if (this.subscription === undefined) {
      // Only tenants in memory follow notifications: an evicted one reads storage on reload.
      const listener: StorageListener = {
        revision: (tenant, revision) => {
          void this.entries
            .get(tenant)
            ?.pending.then((t) => {
              if (t !== null && revision > t.engine.revision) return t.engine.catchUp(revision);
            })
            .catch(() => {});
        },
        resync: () => {
          for (const e of this.entries.values())
            void e.pending.then((t) => t?.engine.catchUp()).catch(() => {});
        },
      };
      this.subscription = this.options.storage.subscribe(listener);
      this.subscription.catch(() => {
        this.subscription = undefined;
      });
    }
    await this.subscription;
  }

  /** Closes streams and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopIdleTimer();
    for (const entry of this.entries.values())
      (await entry.pending.catch(() => null))?.streams.close();
    this.entries.clear();
    this.sized.clear();
    this.bytes = 0;
    const unsubscribe = await this.subscription?.catch(() => undefined);
    await unsubscribe?.().catch(() => {});
    // Before the app closes its storage: an evicted tenant's checkpoint is not cut short.
    await Promise.all(this.settling);
  }
}
