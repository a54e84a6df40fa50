/**
 * The tenants this server instance holds in memory, each with its model, snapshot
 * cache and event streams, kept in step with storage through LISTEN/NOTIFY.
 */
import type { StorageListener } from '../storage/types.ts';
import { type EngineOptions, TenantEngine } from './engine.ts';
import { SnapshotCache } from './snapshots.ts';
import { StreamHub } from './stream.ts';

/** A loaded tenant. */
export interface Tenant {
  readonly engine: TenantEngine;
  readonly snapshots: SnapshotCache;
  readonly streams: StreamHub;
}

/** Options of the registry. */
export interface RegistryOptions extends EngineOptions {
  /** `maxStale` of compiled snapshots, in seconds. */
  readonly maxStale: number;
  readonly heartbeatMs: number;
}

export class TenantRegistry {
  private readonly tenants = new Map<string, Promise<Tenant | null>>();
  private subscription: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(private readonly options: RegistryOptions) {}

  /** The tenant, loaded on first use; `null` when storage has no such tenant. */
  async get(id: string): Promise<Tenant | null> {
    if (this.closed) throw new Error('the grants app is closed');
    await this.subscribe();
    let pending = this.tenants.get(id);
    if (pending === undefined) {
      pending = this.load(id);
      this.tenants.set(id, pending);
    }
    let tenant: Tenant | null;
    try {
      tenant = await pending;
    } catch (error) {
      this.tenants.delete(id);
      throw error;
    }
    if (tenant === null) {
      this.tenants.delete(id);
      return null;
    }
    await tenant.engine.ready();
    return tenant;
  }

  private async load(id: string): Promise<Tenant | null> {
    const engine = await TenantEngine.load(id, this.options);
    if (engine === null) return null;
    const snapshots = new SnapshotCache(engine, this.options.maxStale);
    return {
      engine,
      snapshots,
      streams: new StreamHub(engine, snapshots, this.options.heartbeatMs),
    };
  }

  /** LISTEN once per instance; a failed attempt is retried on the next request. */
  private async subscribe(): Promise<void> {
    if (this.subscription === undefined) {
      const listener: StorageListener = {
        revision: (tenant, revision) => {
          void this.tenants.get(tenant)?.then((t) => {
            if (t !== null && revision > t.engine.revision)
              return t.engine.catchUp().catch(() => {});
          });
        },
        resync: () => {
          for (const pending of this.tenants.values())
            void pending.then((t) => t?.engine.catchUp()).catch(() => {});
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
    for (const pending of this.tenants.values()) (await pending.catch(() => null))?.streams.close();
    this.tenants.clear();
    const unsubscribe = await this.subscription?.catch(() => undefined);
    await unsubscribe?.().catch(() => {});
  }
}
