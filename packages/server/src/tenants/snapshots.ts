/**
 * Compiled grant snapshots per user, kept per tenant revision. A user's snapshot is
 * compiled at most once per revision; when a recompile gives the same grants the
 * version just extends its revision range, so ETag/304, deltas and stream pushes
 * all know whether *this user's* grants changed.
 */
import { compileSnapshot, type GrantSnapshot } from '@grantkit/core';
import type { TenantEngine } from './engine.ts';

/** One content version of a user's snapshot, valid from `from` through `through`. */
export interface SnapshotVersion {
  readonly from: number;
  through: number;
  /** The snapshot as compiled (header fields as of its compile). */
  readonly snapshot: GrantSnapshot;
  /** JSON of everything but the header (`format` … `maxStale`): what identifies the content. */
  readonly body: string;
}

/** Versions kept per user (for deltas and 304s against older revisions). */
const KEEP_VERSIONS = 4;

/**
 * Estimated heap of one cached version: the compiled snapshot, its body JSON and the
 * model's per-user caches behind it, measured at about 8 bytes per character of the body
 * (bench worlds: ~23 kB per user for a 2.9 kB body), plus a fixed part.
 */
const versionBytes = (body: string): number => 1024 + 8 * body.length;
const listBytes = (list: readonly SnapshotVersion[]): number =>
  list.reduce((sum, v) => sum + versionBytes(v.body), 0);

/** A stable key for a user, or a super admin viewing as a user. */
export const viewKey = (userId: string, viewAs?: string): string =>
  viewAs === undefined ? userId : `${userId}\u0000${viewAs}`;

const bodyOf = (s: GrantSnapshot): string => {
  const { format: _f, tenant: _t, user: _u, revision: _r, issuedAt: _i, maxStale: _m, ...rest } = s;
  return JSON.stringify(rest);
};

export class SnapshotCache {
  /** LRU: most recently used last. */
  private readonly users = new Map<string, SnapshotVersion[]>();
  private generation = 0;
  private size = 0;
  /**
   * Estimated heap of the shared part of this tenant's snapshots (built by the first compile,
   * kept with the model), counted in `bytes` while any version is cached; set by the registry.
   */
  sharedBytes = 0;

  constructor(
    private readonly engine: TenantEngine,
    private readonly maxStale: number,
    private readonly maxUsers = 2000,
  ) {}

  /** The user's snapshot at the engine's current revision (compiled now if needed). */
  current(userId: string, viewAs?: string): { version: SnapshotVersion; changed: boolean } {
    if (this.generation !== this.engine.generation) {
      // The model was rebuilt after a failure: what was compiled from it may hold uncommitted state.
      this.users.clear();
      this.size = 0;
      this.generation = this.engine.generation;
    }
    const revision = this.engine.revision;
    if (viewAs !== undefined && !this.mayViewAs(userId)) {
      // Closed whatever `viewAs` names (MODEL A11): compiled, never cached, so requests with
      // made-up `viewAs` values cannot push real users' versions out of the cache.
      const snapshot = this.compile(userId, revision, viewAs);
      const version = { from: revision, through: revision, snapshot, body: bodyOf(snapshot) };
      return { version, changed: false };
    }
    const key = viewKey(userId, viewAs);
    let list = this.users.get(key);
    if (list !== undefined) {
      this.users.delete(key);
      this.users.set(key, list);
      const last = list[list.length - 1]!;
      if (last.through === revision) return { version: last, changed: false };
    }
    const snapshot = this.compile(userId, revision, viewAs);
    const body = bodyOf(snapshot);
    if (list === undefined) {
      list = [];
      this.users.set(key, list);
      if (this.users.size > this.maxUsers) {
        const [oldest, versions] = this.users.entries().next().value!;
        this.users.delete(oldest);
        this.size -= listBytes(versions);
      }
    }
    const last = list[list.length - 1];
    // Extend a version only over revisions this cache saw: in a gap the grants may have
    // changed and changed back, and a 304 or delta against a gap revision would be wrong.
    if (last !== undefined && last.body === body && last.through >= revision - 1) {
      last.through = revision;
      return { version: last, changed: false };
    }
    const version: SnapshotVersion = { from: revision, through: revision, snapshot, body };
    list.push(version);
    this.size += versionBytes(body);
    if (list.length > KEEP_VERSIONS) this.size -= versionBytes(list.shift()!.body);
    return { version, changed: last !== undefined && last.body !== body };
  }

  private compile(userId: string, revision: number, viewAs: string | undefined): GrantSnapshot {
    return compileSnapshot(this.engine.model, userId, {
      tenant: this.engine.tenant,
      revision,
      maxStale: this.maxStale,
      ...(viewAs === undefined ? {} : { viewAs }),
    });
  }

  /** Only an active super admin answers as someone else (MODEL A11). */
  private mayViewAs(userId: string): boolean {
    const u = this.engine.model.getUser(userId);
    return u?.active === true && u.superAdmin === true;
  }

  /** The version that was valid at `revision`, when known. */
  at(userId: string, revision: number, viewAs?: string): SnapshotVersion | undefined {
    return this.users
      .get(viewKey(userId, viewAs))
      ?.find((v) => v.from <= revision && revision <= v.through);
  }

  /**
   * Estimated heap held by the cached versions and, while there are any, the shared part
   * behind them (the tenant registry's memory budget counts it).
   */
  get bytes(): number {
    return this.users.size === 0 ? 0 : this.size + this.sharedBytes;
  }

  /** Forgets everything (after the model was rebuilt). */
  clear(): void {
    this.users.clear();
    this.size = 0;
  }

  /** The snapshot JSON as served: the header with this revision and time, then the body. */
  render(version: SnapshotVersion, revision: number, now = Date.now()): string {
    const s = version.snapshot;
    const head = `{"format":${s.format},"tenant":${JSON.stringify(s.tenant)},"user":${JSON.stringify(s.user)},"revision":${revision},"issuedAt":${now},"maxStale":${s.maxStale}`;
    return version.body === '{}' ? `${head}}` : `${head},${version.body.slice(1)}`;
  }

  /** The snapshot object as served at `revision` and `now`. */
  materialise(version: SnapshotVersion, revision: number, now = Date.now()): GrantSnapshot {
    return { ...version.snapshot, revision, issuedAt: now };
  }
}
