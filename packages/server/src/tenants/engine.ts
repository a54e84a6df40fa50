/**
 * One tenant held in memory: a core Model kept in step with the stored ops log.
 * Every admin op runs in one database transaction holding the tenant's row lock:
 * catch up from the log, apply on the model (a refusal throws and rolls back),
 * append op + audit, bump the revision, NOTIFY. A failure after the model changed
 * marks it dirty, and it is rebuilt from storage before it is used again.
 */
import {
  type AuditEntry,
  createModel,
  InvalidInputError,
  type Model,
  type WorldInput,
} from '@grantkit/core';
import { assertStorable } from '../storage/storable.ts';
import type { Storage, StoredOp } from '../storage/types.ts';

/** The schema argument `createModel` takes. */
export type ModelSchema = Parameters<typeof createModel>[0];

/** Options shared by every tenant engine. */
export interface EngineOptions {
  readonly storage: Storage;
  readonly schema: ModelSchema;
  /** Store a world checkpoint every this many ops (default 1000). */
  readonly checkpointEvery: number;
  /** Told about a stored op skipped on replay (default `console.warn`); see `replay`. */
  readonly onSkippedOp?: (info: SkippedOp) => void;
}

/** A stored op that breaches today's input bounds, skipped while replaying (finding 6). */
export interface SkippedOp {
  readonly tenant: string;
  readonly revision: number;
  readonly op: string;
  readonly error: InvalidInputError;
}

/** What a committed admin op returns. */
export interface OpOutcome {
  readonly revision: number;
  readonly audit: readonly AuditEntry[];
}

export class TenantEngine {
  model: Model;
  /** The committed revision the model reflects. */
  revision: number;
  private dirty = false;
  /** Bumped whenever the model is rebuilt: caches of derived data drop what they hold. */
  generation = 0;
  /** Resolves when no op is between applying on the model and committing. */
  private inFlight: Promise<unknown> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The clock audit entries get: an op's recorded time while replaying. */
  private replayAt: number | undefined;
  private readonly changeListeners = new Set<(revision: number) => void>();

  private constructor(
    readonly tenant: string,
    private readonly options: EngineOptions,
    world: WorldInput,
    revision: number,
  ) {
    this.model = this.createModel(world);
    this.revision = revision;
  }

  /** Loads a tenant from storage (checkpoint + ops replay); `null` when it does not exist. */
  static async load(tenant: string, options: EngineOptions): Promise<TenantEngine | null> {
    const stored = await options.storage.loadTenant(tenant);
    if (stored === null) return null;
    const engine = new TenantEngine(tenant, options, stored.world, stored.checkpointRevision);
    engine.replay(await options.storage.readOps(tenant, stored.checkpointRevision));
    return engine;
  }

  private createModel(world: WorldInput): Model {
    return createModel(this.options.schema, world, { now: () => this.replayAt ?? Date.now() });
  }

  private worldCache: { revision: number; world: WorldInput } | undefined;

  /** The tenant's world as of the current revision (cached per revision). */
  world(): WorldInput {
    if (this.worldCache?.revision !== this.revision)
      this.worldCache = { revision: this.revision, world: this.model.toWorld() };
    return this.worldCache.world;
  }

  /** Calls `listener` after every revision change of this tenant; returns an unsubscribe. */
  onChange(listener: (revision: number) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.changeListeners) l(this.revision);
  }

  /** Runs `work` after every earlier exclusive task of this tenant. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Applies committed ops to the model, in order. An op stored before the input bounds
   * existed that breaches them (say a rule nested 2,000 deep, finding 6) is skipped and
   * reported instead of bricking the tenant: it would overflow the stack later.
   */
  private replay(ops: readonly StoredOp[]): void {
    for (const op of ops) {
      if (op.revision <= this.revision) continue;
      this.replayAt = op.at;
      try {
        this.model.apply(op.actor, { op: op.op, args: op.args as Record<string, unknown> });
      } catch (error) {
        if (error instanceof InvalidInputError && error.problem === 'bound') {
          const skipped = { tenant: this.tenant, revision: op.revision, op: op.op, error };
          if (this.options.onSkippedOp !== undefined) this.options.onSkippedOp(skipped);
          else console.warn('[grantkit/server] skipped a stored op on replay', skipped);
          this.revision = op.revision;
          continue;
        }
        this.dirty = true;
        throw new Error(`replaying ${this.tenant} revision ${op.revision} (${op.op}) failed`, {
          cause: error,
        });
      } finally {
        this.replayAt = undefined;
      }
      this.revision = op.revision;
    }
  }

  /** Rebuilds the model from storage (after a failure left it possibly ahead of the database). */
  private async rebuild(): Promise<void> {
    const stored = await this.options.storage.loadTenant(this.tenant);
    if (stored === null) throw new Error(`tenant ${this.tenant} disappeared from storage`);
    const ops = await this.options.storage.readOps(this.tenant, stored.checkpointRevision);
    this.model = this.createModel(stored.world);
    this.revision = stored.checkpointRevision;
    this.dirty = false;
    this.generation += 1;
    this.worldCache = undefined;
    this.replay(ops);
  }

  /** Brings the model up to the stored revision (after a NOTIFY or a resync). */
  catchUp(): Promise<void> {
    return this.exclusive(async () => {
      const before = this.revision;
      if (this.dirty) await this.rebuild();
      else this.replay(await this.options.storage.readOps(this.tenant, this.revision));
      if (this.revision !== before) this.emit();
    });
  }

  /** Ensures the model is usable: rebuilt if a failure left it dirty. */
  async ready(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight.catch(() => {});
    if (this.dirty) await this.catchUp();
  }

  /**
   * Runs an admin op for `actor` in one transaction. Throws the model's typed errors on
   * refusal (nothing written) and `StorageUnavailableError` when the database fails.
   */
  apply(
    actor: string,
    op: string,
    args: Record<string, unknown>,
    viewAs?: string,
  ): Promise<OpOutcome> {
    const run = this.exclusive(() => this.applyNow(actor, op, args, viewAs));
    const settled: Promise<void> = run.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight = settled;
    void settled.then(() => {
      if (this.inFlight === settled) this.inFlight = undefined;
    });
    return run;
  }

  private async applyNow(
    actor: string,
    op: string,
    args: Record<string, unknown>,
    viewAs?: string,
  ): Promise<OpOutcome> {
    {
      // Input the database would refuse is refused before the model changes (no rebuild).
      assertStorable({ actor, op, args }, '');
      const before = this.revision;
      if (this.dirty) await this.rebuild();
      let mutated = false;
      try {
        const outcome = await this.options.storage.withTenantLock(this.tenant, async (tx) => {
          if (tx.revision > this.revision) this.replay(await tx.readOps(this.revision));
          if (tx.revision !== this.revision) {
            this.dirty = true;
            throw new Error(
              `tenant ${this.tenant}: model at ${this.revision}, storage at ${tx.revision}`,
            );
          }
          const at = Date.now();
          this.replayAt = at;
          let result: ReturnType<Model['apply']>;
          try {
            result = this.model.apply(actor, { op, args }, viewAs === undefined ? {} : { viewAs });
          } finally {
            this.replayAt = undefined;
          }
          // An op that changed nothing writes nothing (the model's revision did not move).
          if (result.audit.length === 0) return { revision: tx.revision, audit: result.audit };
          mutated = true;
          const next = tx.revision + 1;
          const revision = await tx.append({
            actor,
            op,
            args,
            at,
            audit: result.audit.map((a) => ({
              actor: a.actor,
              action: a.action,
              resource: a.resource,
              before: a.before,
              after: a.after,
              at: a.at,
            })),
            ...(next % this.options.checkpointEvery === 0
              ? { checkpoint: this.model.toWorld() }
              : {}),
          });
          return { revision, audit: result.audit };
        });
        this.revision = outcome.revision;
        return outcome;
      } catch (error) {
        if (mutated) this.dirty = true; // the database did not take what the model holds
        throw error;
      } finally {
        if (this.revision !== before) this.emit();
      }
    }
  }
}
