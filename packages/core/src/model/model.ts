/**
 * The model: a world under a schema, answering checks, explanations,
 * listings and membership questions, and applying administrative operations.
 */

import { type ApplyResult, AuditLog, type AuditSink, applyOp, type Op } from '../ops/apply.ts';
import type { AuditEntry } from '../ops/context.ts';
import { report, userWarnings, type WarningHandler } from '../schema/checks.ts';
import type { Schema } from '../schema/schema.ts';
import type { ActionOf, ResourceRef, SchemaDef, TypeName } from '../schema/types.ts';
import { type Ability, abilityOf } from './ability.ts';
import { type Explanation, explain } from './explain.ts';
import { list, menu, search } from './listing.ts';
import { answeringAs, bundleMembers, groupMembers } from './membership.ts';
import type { AttrValue, License, WorldInput } from './state.ts';
import { Store } from './store.ts';
import { loadWorld, toWorld, userData } from './world.ts';

/** Options of `createModel`. */
export interface ModelOptions {
  /** The clock audit entries are stamped with (milliseconds). Default `Date.now`. */
  readonly now?: () => number;
  /** Where audit entries go (default: the latest 1,000 in memory, `createMemoryAuditSink`). */
  readonly audit?: AuditSink;
  /**
   * Told about world mistakes the model can live with (say a `viewer` licence that no
   * built-in bundle caps, MODEL N5a), each with its fix; default `console.warn`.
   */
  readonly onWarning?: WarningHandler;
}

/** Options of a check. */
export interface CheckOptions {
  /** Answer as this user would get it; only an active super admin may (MODEL A11). */
  readonly viewAs?: string | undefined;
}

/** A user as the model reports it. */
export interface UserView {
  readonly id: string;
  readonly license: License;
  readonly active: boolean;
  readonly superAdmin: boolean;
  readonly managerId?: string;
  readonly attributes: Readonly<Record<string, AttrValue>>;
}

/** One action on a resource and whether the user holds it (greyed out when not, MODEL A12). */
export interface ActionState {
  readonly action: string;
  readonly allowed: boolean;
}

/** A checker bound to one user, cached and refreshed after changes (like a CASL Ability). */
export interface UserChecker<D extends SchemaDef = SchemaDef> {
  readonly userId: string;
  check<T extends TypeName<D>>(action: NoInfer<ActionOf<D, T>>, resource: ResourceRef<T>): boolean;
  explain<T extends TypeName<D>>(
    action: NoInfer<ActionOf<D, T>>,
    resource: ResourceRef<T>,
  ): Explanation;
}

/** A permission model over a world (see `createModel`). */
export interface Model<D extends SchemaDef = SchemaDef> {
  readonly schema: Schema<D>;
  /** Monotonic: +1 per successful change. */
  readonly revision: number;
  check<T extends TypeName<D>>(
    userId: string,
    action: NoInfer<ActionOf<D, T>>,
    resource: ResourceRef<T>,
    opts?: CheckOptions,
  ): boolean;
  explain<T extends TypeName<D>>(
    userId: string,
    action: NoInfer<ActionOf<D, T>>,
    resource: ResourceRef<T>,
    opts?: CheckOptions,
  ): Explanation;
  actions<T extends TypeName<D>>(
    userId: string,
    resource: ResourceRef<T>,
    opts?: CheckOptions,
  ): ActionState[];
  menu(userId: string, opts?: CheckOptions): string[];
  search(userId: string, query: string, opts?: CheckOptions): string[];
  list(userId: string, type: TypeName<D> | 'asset', opts?: CheckOptions): string[];
  members(of: { readonly bundle: string } | { readonly group: string }): string[];
  apply(actorId: string, op: Op, opts?: CheckOptions): ApplyResult;
  audit(resource: { readonly type: string; readonly id: string }): AuditEntry[];
  toWorld(): WorldInput;
  forUser(userId: string): UserChecker<D>;
  getUser(id: string): UserView | undefined;
}

const internals = new WeakMap<object, Store>();

/** @internal The store behind a model (for the snapshot compiler). */
export function storeOf(model: Model<SchemaDef>): Store {
  const s = internals.get(model);
  if (s === undefined) throw new TypeError('not a Grantkit model');
  return s;
}

class Bound implements UserChecker<SchemaDef> {
  private ability: Ability;
  constructor(
    private readonly store: Store,
    readonly userId: string,
  ) {
    this.ability = abilityOf(store, userId);
  }
  check(action: string, resource: ResourceRef): boolean {
    let a = this.ability;
    if (a.stale || a.user === undefined) a = this.ability = abilityOf(this.store, this.userId);
    return a.check(action, resource);
  }
  explain(action: string, resource: ResourceRef): Explanation {
    return explain(this.store, this.userId, action, resource);
  }
}

class GrantkitModel implements Model<SchemaDef> {
  private readonly store: Store;
  private readonly log: AuditLog;
  private readonly now: () => number;
  private readonly bound = new Map<string, Bound>();

  constructor(
    readonly schema: Schema,
    world: WorldInput | undefined,
    opts: ModelOptions,
  ) {
    this.store = new Store(schema);
    loadWorld(this.store, world);
    report(userWarnings(schema, this.store.users.values()), opts.onWarning);
    this.now = opts.now ?? Date.now;
    this.log = new AuditLog(opts.audit);
    internals.set(this, this.store);
  }

  get revision(): number {
    return this.store.revision;
  }

  /** The ability to answer with: the user's, or the viewed user's for a super admin (MODEL A11). */
  private as(userId: string, opts?: CheckOptions): Ability | undefined {
    const subject = answeringAs(this.store, userId, opts?.viewAs);
    return subject === undefined ? undefined : abilityOf(this.store, subject);
  }

  check(userId: string, action: string, resource: ResourceRef, opts?: CheckOptions): boolean {
    if (typeof resource !== 'object' || resource === null) return false;
    return this.as(userId, opts)?.check(action, resource) ?? false;
  }
  explain(userId: string, action: string, resource: ResourceRef, opts?: CheckOptions): Explanation {
    if (typeof resource !== 'object' || resource === null)
      return { allowed: false, reasons: [], message: 'no resource given' };
    return explain(this.store, userId, action, resource, opts?.viewAs);
  }
  actions(userId: string, resource: ResourceRef, opts?: CheckOptions): ActionState[] {
    const info = this.schema.types.get(resource.type);
    const a = this.as(userId, opts);
    return (info?.actions ?? []).map((action) => ({
      action,
      allowed: a?.check(action, resource) ?? false,
    }));
  }
  menu(userId: string, opts?: CheckOptions): string[] {
    const a = this.as(userId, opts);
    return a === undefined ? [] : menu(this.store, a);
  }
  search(userId: string, query: string, opts?: CheckOptions): string[] {
    const a = this.as(userId, opts);
    return a === undefined ? [] : search(this.store, a, query);
  }
  list(userId: string, type: string, opts?: CheckOptions): string[] {
    const a = this.as(userId, opts);
    return a === undefined ? [] : list(this.store, a, type);
  }
  members(of: { readonly bundle: string } | { readonly group: string }): string[] {
    return 'bundle' in of
      ? bundleMembers(this.store, of.bundle)
      : groupMembers(this.store, of.group);
  }
  apply(actorId: string, op: Op, opts?: CheckOptions): ApplyResult {
    return applyOp(this.store, this.log, this.now, actorId, op, opts?.viewAs);
  }
  audit(resource: { readonly type: string; readonly id: string }): AuditEntry[] {
    return this.log.of(resource.type, resource.id);
  }
  toWorld(): WorldInput {
    return toWorld(this.store);
  }
  forUser(userId: string): UserChecker<SchemaDef> {
    let b = this.bound.get(userId);
    if (b === undefined) {
      b = new Bound(this.store, userId);
      this.bound.set(userId, b);
    }
    return b;
  }
  getUser(id: string): UserView | undefined {
    const u = this.store.users.get(id);
    return u === undefined ? undefined : userData(u);
  }
}

/**
 * Creates a model of `world` under `schema`. Throws `InvalidInputError`
 * naming the JSON path when the world is malformed (unknown ids, cycles).
 */
export function createModel<D extends SchemaDef>(
  schema: Schema<D>,
  world?: WorldInput,
  opts: ModelOptions = {},
): Model<D> {
  return new GrantkitModel(schema as unknown as Schema, world, opts) as unknown as Model<D>;
}
