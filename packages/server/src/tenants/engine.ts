/**
 * One tenant held in memory: a core Model kept in step with the stored ops log.
 *
 * Admin ops return at commit. Ops that arrive while a transaction runs wait in a queue and
 * commit together in the next one (group commit: PGlite runs one statement at a time), each
 * acknowledged only after that commit: catch up from the log, apply each op on the model (a
 * refusal answers that op alone), append ops + audit in one statement, bump the revision,
 * NOTIFY. A failure after the model changed marks it dirty, and it is rebuilt from storage
 * before it is used again. After the response, off the request path: one change event per
 * committed batch (stream pushes recompile each watching user once) and, every
 * `checkpointEvery` ops, a checkpoint written in its own transaction.
 */
import {
  type AuditEntry,
  type AuditSink,
  createModel,
  InvalidInputError,
  type Model,
  notificationsFor,
  type WorldInput,
} from '@grantkit/core';
import { assertStorable } from '../storage/storable.ts';
import {
  type AppendInput,
  type Storage,
  StorageUnavailableError,
  type StoredOp,
} from '../storage/types.ts';
import { Checkpoints } from './checkpoints.ts';

/** The schema argument `createModel` takes. */
export type ModelSchema = Parameters<typeof createModel>[0];

/** Options shared by every tenant engine. */
export interface EngineOptions {
  readonly storage: Storage;
  readonly schema: ModelSchema;
  /**
   * A world checkpoint is due every this many ops (default 1000); it is written after
   * commit, in the background, as soon as checkpoints take no more than 5 % of the time.
   */
  readonly checkpointEvery: number;
  /** Told about a stored op skipped on replay (default `console.warn`); see `replay`. */
  readonly onSkippedOp?: (info: SkippedOp) => void;
  /** Told about a background checkpoint that failed (default `console.warn`); ops stay valid. */
  readonly onCheckpointError?: (error: unknown, info: { tenant: string; revision: number }) => void;
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

/** An op waiting for the next group commit. */
interface PendingOp {
  readonly actor: string;
  readonly op: string;
  readonly args: Record<string, unknown>;
  readonly viewAs: string | undefined;
  readonly resolve: (outcome: OpOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** Ops that change the world (checkpointed) without audit entries: stored when they succeed. */
const WORLD_ONLY_OPS: ReadonlySet<string> = new Set(['watch', 'unwatch']);

/** Most ops committed in one transaction. */
const MAX_BATCH = 64;

/**
 * The server's audit sink: keeps nothing. Entries reach SQL with their op, in the op's
 * transaction (`appendMany`), and `GET /audit` reads them there: no second copy in memory.
 */
const SQL_AUDIT: AuditSink = { append: () => {} };

export class TenantEngine {
  model: Model;
  /** The committed revision the model reflects. */
  revision: number;
  private dirty = false;
  /** Bumped whenever the model is rebuilt: caches of derived data drop what they hold. */
  generation = 0;
  /** Set while the model holds applied but not yet committed ops; resolves when they settle. */
  private uncommitted: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending: PendingOp[] = [];
  private batchQueued = false;
  private emitQueued = false;
  private readonly checkpoints: Checkpoints;
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
    this.checkpoints = new Checkpoints(
      tenant,
      options.storage,
      () =>
        this.exclusive(async () => {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (this.dirty) return undefined;
          const started = performance.now();
          const cached = this.worldCache;
          const taken = cached?.revision === this.revision ? cached.world : this.model.toWorld();
          return { revision: this.revision, world: taken, ms: performance.now() - started };
        }),
      options.onCheckpointError,
      world,
    );
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
    return createModel(this.options.schema, world, {
      now: () => this.replayAt ?? Date.now(),
      audit: SQL_AUDIT,
    });
  }

  private worldCache: { revision: number; world: WorldInput } | undefined;

  /** The tenant's world as of the current revision (cached per revision). */
  world(): WorldInput {
    if (this.worldCache?.revision !== this.revision)
      this.worldCache = { revision: this.revision, world: this.model.toWorld() };
    return this.worldCache.world;
  }

  /**
   * Calls `listener` after revision changes of this tenant, at most once per committed batch,
   * after the ops' answers; returns an unsubscribe. Ops may be in flight by then: read the
   * model after `await committed()`, without awaiting in between.
   */
  onChange(listener: (revision: number) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Schedules one change event for everything committed until it runs. */
  private changed(): void {
    if (this.emitQueued || this.changeListeners.size === 0) return;
    this.emitQueued = true;
    setImmediate(() => {
      // After the answers went out; everything committed until now is one event.
      this.emitQueued = false;
      for (const l of this.changeListeners) l(this.revision);
    });
  }

  /** Resolves when the model holds no applied but uncommitted op (it is the committed state). */
  async committed(): Promise<void> {
    while (this.uncommitted !== undefined) await this.uncommitted;
  }

  /** Runs `work` after every earlier exclusive task of this tenant (ops, catch-ups, events). */
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

  /**
   * Brings the model up to the stored revision (after a NOTIFY or a resync). With `revision`
   * (a NOTIFY's), nothing is read when the model already reached it: this instance's own
   * commits notify too.
   */
  catchUp(revision?: number): Promise<void> {
    // Callers while one waits for its turn share it (it reads everything committed when it
    // runs): requests naming made-up future revisions cannot queue a read each ahead of ops.
    const waiting = this.waitingCatchUp;
    if (waiting !== undefined) {
      if (revision === undefined || waiting.upTo === undefined) waiting.upTo = undefined;
      else waiting.upTo = Math.max(waiting.upTo, revision);
      return waiting.done;
    }
    const next: { upTo: number | undefined; done: Promise<void> } = {
      upTo: revision,
      done: Promise.resolve(),
    };
    this.waitingCatchUp = next;
    next.done = this.exclusive(async () => {
      this.waitingCatchUp = undefined; // running: later callers may need later ops
      const before = this.revision;
      if (next.upTo !== undefined && next.upTo <= before && !this.dirty) return;
      if (this.dirty) await this.rebuild();
      else this.replay(await this.options.storage.readOps(this.tenant, this.revision));
      if (this.revision !== before) this.changed();
    });
    return next.done;
  }

  /** The catch-up waiting for its turn, if any, and the revision it must reach (all: undefined). */
  private waitingCatchUp: { upTo: number | undefined; done: Promise<void> } | undefined;

  /** Ensures the model is usable: no op applied but uncommitted, rebuilt if a failure left it dirty. */
  async ready(): Promise<void> {
    await this.committed();
    if (this.dirty) await this.catchUp();
  }

  /**
   * Runs an admin op for `actor`; resolves once it committed (possibly together with other
   * ops of the tenant). Rejects with the model's typed errors on refusal (nothing written)
   * and with `StorageUnavailableError` when the database fails.
   */
  apply(
    actor: string,
    op: string,
    args: Record<string, unknown>,
    viewAs?: string,
  ): Promise<OpOutcome> {
    return new Promise<OpOutcome>((resolve, reject) => {
      // Input the database would refuse is refused before the model changes (no rebuild).
      assertStorable({ actor, op, args }, '');
      this.pending.push({ actor, op, args, viewAs, resolve, reject });
      this.scheduleBatch();
    });
  }

  private scheduleBatch(): void {
    if (this.batchQueued || this.pending.length === 0) return;
    this.batchQueued = true;
    void this.exclusive(async () => {
      // One turn of the event loop first: requests already past `ready()` finish reading the
      // committed model before it changes, and more ops join this batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.batchQueued = false;
      const batch = this.pending.splice(0, MAX_BATCH);
      if (batch.length > 0) await this.commit(batch);
      this.scheduleBatch();
    });
  }

  /** Applies `batch` on the model and commits it in one transaction; answers every op. */
  private async commit(batch: readonly PendingOp[]): Promise<void> {
    const before = this.revision;
    let settle = () => {};
    this.uncommitted = new Promise<void>((resolve) => {
      settle = resolve;
    });
    let mutated = false;
    const answers: Array<() => void> = [];
    try {
      if (this.dirty) await this.rebuild();
      const revision = await this.options.storage.withTenantLock(this.tenant, async (tx) => {
        answers.length = 0;
        if (tx.revision > this.revision) this.replay(await tx.readOps(this.revision));
        if (tx.revision !== this.revision) {
          this.dirty = true;
          throw new Error(
            `tenant ${this.tenant}: model at ${this.revision}, storage at ${tx.revision}`,
          );
        }
        const appends: AppendInput[] = [];
        let next = tx.revision;
        for (const p of batch) {
          const at = Date.now();
          this.replayAt = at;
          let audit: readonly AuditEntry[];
          try {
            const opts = p.viewAs === undefined ? {} : { viewAs: p.viewAs };
            audit = this.model.apply(p.actor, { op: p.op, args: p.args }, opts).audit;
          } catch (error) {
            answers.push(() => p.reject(error)); // a refusal changed nothing
            continue;
          } finally {
            this.replayAt = undefined;
          }
          // An op that changed nothing writes nothing (the model's revision did not move);
          // watches change the world without an audit entry (MODEL W2) and are stored too.
          if (audit.length > 0 || WORLD_ONLY_OPS.has(p.op)) {
            mutated = true;
            next += 1;
            // MODEL W4: who is notified, judged on the state this op leaves; stored with it.
            const notify = audit.flatMap((a, index) =>
              notificationsFor(this.model, a).map((user) => ({ index, user })),
            );
            appends.push({
              actor: p.actor,
              op: p.op,
              args: p.args,
              at,
              audit: audit.map(stored),
              notify,
            });
          }
          const outcome = { revision: next, audit };
          answers.push(() => p.resolve(outcome));
        }
        if (appends.length > 0) await tx.appendMany(appends);
        return next;
      });
      this.revision = revision;
    } catch (error) {
      if (mutated) this.dirty = true; // the database did not take what the model holds
      settle();
      this.uncommitted = undefined;
      // One op the database refuses (say a value it cannot index) must not fail the others:
      // run each alone. An outage fails them all, as it would each.
      if (batch.length > 1 && !(error instanceof StorageUnavailableError)) {
        for (const p of batch) await this.commit([p]);
        return;
      }
      for (const p of batch) p.reject(error);
      return;
    }
    settle();
    this.uncommitted = undefined;
    for (const answer of answers) answer();
    if (this.revision !== before) {
      this.changed();
      const every = this.options.checkpointEvery;
      const due = Math.floor(this.revision / every) > Math.floor(before / every);
      this.checkpoints.committed(this.revision - before, due);
    }
  }

  /**
   * Resolves when no background checkpoint is being written (for tests and shutdown); with
   * `flush`, a checkpoint waiting for its turn (see `Checkpoints`) is written now.
   */
  settled(flush = false): Promise<void> {
    return this.checkpoints.settled(flush);
  }
}

/** An audit entry as stored with its op. */
const stored = (a: AuditEntry) => ({
  actor: a.actor,
  action: a.action,
  resource: a.resource,
  before: a.before,
  after: a.after,
  at: a.at,
});
