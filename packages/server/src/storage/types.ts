/**
 * The storage contract of the grants server: tenants, an append-only log of
 * admin operations, world checkpoints and the audit trail. Every row carries
 * its tenant. Two implementations share one SQL body: PGlite and PostgreSQL.
 */
import { InvalidInputError, type WorldInput } from '@grantkit/core';
import type { ActivityStore } from './activity.ts';
import type { PackedWorld } from './packed.ts';

/** One committed admin operation of a tenant's log. */
export interface StoredOp {
  /** The tenant revision this operation produced. */
  readonly revision: number;
  readonly actor: string;
  readonly op: string;
  readonly args: unknown;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** An audit entry as the server stores it (MODEL E5). */
export interface StoredAudit {
  /** Tenant-wide order of entries. */
  readonly seq: number;
  /** The tenant revision of the operation that wrote it. */
  readonly revision: number;
  readonly actor: string;
  readonly action: string;
  readonly resource: { readonly type: string; readonly id: string };
  readonly before: unknown;
  readonly after: unknown;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** An audit entry to write. */
export type AuditInput = Omit<StoredAudit, 'seq' | 'revision'>;

/** What a tenant's stored state is made of: its revision and its latest world checkpoint. */
export interface StoredTenant {
  readonly revision: number;
  /** The world as of `checkpointRevision`; ops after it are replayed on load. */
  readonly world: WorldInput;
  readonly checkpointRevision: number;
}

/** Audit listing filters. */
export interface AuditQuery {
  readonly type?: string;
  readonly id?: string;
  /** At most this many entries (default 100, at most 1000). */
  readonly limit?: number;
  /** `asc`: oldest first (per resource); `desc`: newest first (default). */
  readonly order?: 'asc' | 'desc';
}

/** One operation to append inside a tenant transaction. */
export interface AppendInput {
  readonly actor: string;
  readonly op: string;
  readonly args: unknown;
  readonly at: number;
  readonly audit: readonly AuditInput[];
  /** MODEL W4: notifications to store with it, each naming its entry in `audit` by index. */
  readonly notify?: readonly { readonly index: number; readonly user: string }[];
  /** When given, also stored as the tenant's checkpoint at the new revision. */
  readonly checkpoint?: WorldInput;
}

/** A transaction holding the lock on one tenant's row (`SELECT … FOR UPDATE`). */
export interface TenantTransaction {
  /** The tenant's committed revision at the time the lock was taken. */
  readonly revision: number;
  /** Committed ops after `revision` (to catch an in-memory model up). */
  readOps(after: number): Promise<StoredOp[]>;
  /** Appends one op and its audit entries, bumps the revision and notifies listeners on commit. */
  append(input: AppendInput): Promise<number>;
  /**
   * Appends several ops (revisions `revision + 1` …) and their audit entries in one statement,
   * bumps the revision once and notifies once (group commit); resolves with the last revision.
   */
  appendMany(inputs: readonly AppendInput[]): Promise<number>;
}

/** Called when some tenant's revision moved (possibly through another server instance). */
export interface StorageListener {
  revision(tenant: string, revision: number): void;
  /** The notification channel was re-established: notifications may have been missed. */
  resync(): void;
}

/**
 * Where the reference server keeps its tenants. Create one with
 * `createPGliteStorage` or `createPostgresStorage`; migrations are applied on creation.
 */
export interface Storage {
  /** Which engine backs this storage (shown by `GET /health`). */
  readonly kind: 'pglite' | 'postgres';
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Runs every check (database, disk, stuck writes) within a bounded time; never rejects. */
  health(): Promise<StorageHealth>;
  /**
   * Creates `tenant` with `world` at revision 0 unless it exists; resolves `true` when it
   * created it, `false` when the tenant existed and `world` was NOT applied (a seed is used
   * once: later changes to it are ignored). Keep users in step with `app.grants.syncUsers`.
   */
  ensureTenant(tenant: string, world: WorldInput): Promise<boolean>;
  /** The tenant's revision and latest checkpoint, or `null` when there is no such tenant. */
  loadTenant(tenant: string): Promise<StoredTenant | null>;
  /** Committed ops of the tenant after revision `after`, oldest first. */
  readOps(tenant: string, after: number): Promise<StoredOp[]>;
  /** Runs `work` in one transaction holding the tenant's lock; a throw rolls everything back. */
  withTenantLock<T>(tenant: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T>;
  /**
   * Stores `world` as the tenant's checkpoint at `revision`, in its own transaction after the
   * ops up to `revision` committed. Crash-safe: the previous checkpoint stays until this one
   * commits whole, and a checkpoint is ignored (resolves `false`) unless it is newer than the
   * stored one and no newer than the tenant's committed revision. Stored packed (gzip JSON);
   * a world packed already (`packWorld`, in slices between requests) is stored as it is.
   */
  writeCheckpoint(
    tenant: string,
    revision: number,
    world: WorldInput | PackedWorld,
  ): Promise<boolean>;
  /** Audit entries of the tenant. */
  listAudit(tenant: string, query?: AuditQuery): Promise<StoredAudit[]>;
  /** Subscribes to revision notifications of every tenant (PostgreSQL LISTEN/NOTIFY). */
  subscribe(listener: StorageListener): Promise<() => Promise<void>>;
  /** Activity events, notifications and webhooks (MODEL section 8). */
  readonly activity: ActivityStore;
  /** Closes the database connections. */
  close(): Promise<void>;
}

/**
 * Why the storage cannot serve a call right now (see {@link StorageUnavailableError}).
 *
 * @example
 * ```ts
 * const why: UnavailableReason = error.reason; // 'down' | 'disk-full' | 'timeout'
 * ```
 */
export type UnavailableReason = 'down' | 'disk-full' | 'timeout';

/**
 * The database cannot serve the call right now: it is down or unreachable (SQLSTATE classes
 * 08, 57, 58, XX, a failed socket), out of resources (class 53: disk full, out of memory),
 * the disk under a PGlite data directory is below its reserve, or a call did not finish in
 * time. The server answers `503` with `retry-after`; nothing the call was doing is
 * acknowledged.
 *
 * @example
 * ```ts
 * try { await storage.ping(); } catch (e) {
 *   if (e instanceof StorageUnavailableError && e.reason === 'disk-full') alert('free some disk space');
 * }
 * ```
 */
export class StorageUnavailableError extends Error {
  /** `down`, `disk-full` or `timeout`. */
  readonly reason: UnavailableReason;
  /** The SQLSTATE or system error code behind it, when there is one (`08006`, `ECONNREFUSED`…). */
  readonly sqlstate: string | undefined;
  constructor(
    cause: unknown,
    options: { reason?: UnavailableReason; code?: string | undefined } = {},
  ) {
    super(`storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StorageUnavailableError';
    this.reason = options.reason ?? 'down';
    this.sqlstate = options.code;
  }
}

/**
 * The database refused a value the caller sent (SQLSTATE class 22 "data exception", e.g.
 * `22021` a NUL byte, `22P05` an untranslatable character; class 54, e.g. a key too long to
 * index), or a string that PostgreSQL cannot store exactly (a NUL character or an unpaired
 * UTF-16 surrogate) was stopped before it reached SQL. It is the caller's input, not an
 * outage: the server answers `400` and keeps its in-memory model as it is. `path` names the
 * field when it is known.
 *
 * @example
 * ```ts
 * await storage.listAudit('acme', { id: 'a\u0000b' }); // throws StorageInputError (path "id")
 * ```
 */
export class StorageInputError extends InvalidInputError {
  /** The SQLSTATE when the database refused the value, `undefined` when stopped before SQL. */
  readonly sqlstate: string | undefined;
  constructor(path: string, message: string, sqlstate?: string) {
    super(path, message);
    this.sqlstate = sqlstate;
  }
}

/**
 * One check of {@link Storage.health}.
 *
 * @example
 * ```ts
 * const disk: HealthCheck = { ok: false, freeBytes: 1024, reserveBytes: 67108864, message: '1024 bytes free…' };
 * ```
 */
export interface HealthCheck {
  readonly ok: boolean;
  /** What failed, for an operator (absent when ok). */
  readonly message?: string;
  /** Details, e.g. `freeBytes` and `reserveBytes` of the disk check. */
  readonly [detail: string]: unknown;
}

/**
 * What {@link Storage.health} reports: every check, and `ok` when all pass.
 *
 * @example
 * ```ts
 * const { ok, checks }: StorageHealth = await storage.health();
 * if (!ok) console.warn(Object.entries(checks).filter(([, c]) => !c.ok)); // [['disk', { ok: false, … }]]
 * ```
 */
export interface StorageHealth {
  readonly ok: boolean;
  /**
   * `database`: a trivial query answered in time. `disk` (PGlite with a data directory):
   * free space above the reserve. `writes`: no storage call is stuck past its deadline.
   */
  readonly checks: Readonly<Record<string, HealthCheck>>;
}

/** No tenant by that id. */
export class UnknownTenantError extends Error {
  constructor(readonly tenant: string) {
    super(`unknown tenant ${JSON.stringify(tenant)}`);
    this.name = 'UnknownTenantError';
  }
}
