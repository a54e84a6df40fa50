/**
 * The dispatcher of administrative operations: validates the op and its args
 * against their one definition (`args.ts`: bounds, types, then the ids they name)
 * before anything runs, refuses while viewing as (MODEL A11), runs it all or
 * nothing (MODEL R4), numbers the revision and records the audit trail (MODEL E5).
 */
import { InvalidInputError, RuleViolationError, UnknownIdError } from '../errors.ts';
import type { UserState } from '../model/state.ts';
import type { Store } from '../model/store.ts';
import { isOpName, OP_ARGS, type OpName, parseOpArgsWithRefs, resolveRefs } from './args.ts';
import { createAsset, deleteAsset, move, revoke, setSharing, share } from './assets.ts';
import { addAttribute, removeAttribute } from './attributes.ts';
import {
  addToBundle,
  assignRole,
  createBundle,
  deleteBundle,
  editBundle,
  removeFromBundle,
  unassignRole,
} from './bundles.ts';
import { type AuditEntry, OpContext } from './context.ts';
import { draftCopy } from './drafts.ts';
import { grantOn, revokeOn } from './grant-on.ts';
import { createGroup, deleteGroup, editGroup } from './groups.ts';
import { addToGroup, removeFromGroup, setUser } from './people.ts';
import { addRule, setEveryone, transition } from './records.ts';
import { deleteRule, editRule } from './rules.ts';
import { SYSTEM_ACTOR, syncUsers } from './sync-users.ts';
import { unwatch, watch } from './watch.ts';

/** An administrative operation, exactly as a scenario's `do` body. */
export interface Op {
  readonly op: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** The outcome of a successful operation. */
export interface ApplyResult {
  readonly revision: number;
  readonly audit: readonly AuditEntry[];
}

/** The handler of each op; its args are defined once in `OP_ARGS` (args.ts). */
const HANDLERS: Record<OpName, (ctx: OpContext) => void> = {
  createBundle,
  editBundle,
  deleteBundle,
  addToBundle,
  removeFromBundle,
  addToGroup,
  removeFromGroup,
  setUser,
  assignRole,
  unassignRole,
  createAsset,
  deleteAsset,
  setSharing,
  share,
  revoke,
  move,
  setEveryone,
  addRule,
  editRule,
  deleteRule,
  addAttribute,
  removeAttribute,
  createGroup,
  editGroup,
  deleteGroup,
  grantOn,
  revokeOn,
  transition,
  draftCopy,
  watch,
  unwatch,
  syncUsers,
};

/** The names of every operation (pure, so a bundle that uses no operation drops them all). */
export const OP_NAMES: readonly string[] = /* @__PURE__ */ Object.keys(OP_ARGS);

/**
 * Where a model's audit entries go (MODEL E5). Give one to `createModel` as the `audit`
 * option to send entries elsewhere (a database, a log shipper) instead of keeping them in
 * memory; the default is {@link createMemoryAuditSink}, which keeps the latest 1,000.
 *
 * @example
 * ```ts
 * const rows: AuditEntry[] = [];
 * const model = createModel(schema, world, { audit: { append: (entry) => rows.push(entry) } });
 * model.apply('ann', { op: 'share', args: { asset: 'q3', user: 'bob', level: 'view' } });
 * rows.length; // 1; model.audit(...) answers [] since this sink has no `of`
 * ```
 */
export interface AuditSink {
  /** Receives each entry of a successful operation, numbered (`seq`) and frozen, in order. */
  append(entry: AuditEntry): void;
  /** The entries of one resource, oldest first, when this sink keeps them (`model.audit`). */
  of?(resource: { readonly type: string; readonly id: string }): AuditEntry[];
}

/**
 * Options of {@link createMemoryAuditSink}.
 *
 * @example
 * ```ts
 * const options: MemoryAuditSinkOptions = { limit: 5_000 };
 * const model = createModel(schema, world, { audit: createMemoryAuditSink(options) });
 * ```
 */
export interface MemoryAuditSinkOptions {
  /** Most entries kept, across resources; the oldest go first (default 1000). */
  readonly limit?: number;
}

/**
 * An in-memory audit sink that keeps the latest `limit` entries (default 1,000): what a
 * model uses when `createModel` gets no `audit` option, so memory stays bounded however many
 * operations run. Keep the full trail in a sink of your own (the grants server writes it to
 * SQL with each operation).
 *
 * @example
 * ```ts
 * const model = createModel(schema, world, { audit: createMemoryAuditSink({ limit: 50_000 }) });
 * model.audit({ type: 'dashboard', id: 'q3' }); // oldest first, at most the latest 50,000 overall
 * ```
 */
export function createMemoryAuditSink(options: MemoryAuditSinkOptions = {}): AuditSink {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 0)
    throw new InvalidInputError('limit', 'an audit limit must be a whole number ≥ 0');
  const byResource = new Map<string, AuditEntry[]>();
  // Every kept entry's key, oldest first (a queue: `head` is its start).
  let order: string[] = [];
  let head = 0;
  const keyOf = (r: { readonly type: string; readonly id: string }) => `${r.type}\u0000${r.id}`;
  return {
    append(entry) {
      if (limit === 0) return;
      const key = keyOf(entry.resource);
      let list = byResource.get(key);
      if (list === undefined) {
        list = [];
        byResource.set(key, list);
      }
      list.push(entry);
      order.push(key);
      if (order.length - head > limit) {
        const oldest = order[head++]!;
        const from = byResource.get(oldest)!;
        from.shift();
        if (from.length === 0) byResource.delete(oldest);
        if (head > 1024 && head * 2 > order.length) {
          order = order.slice(head);
          head = 0;
        }
      }
    },
    of(resource) {
      return [...(byResource.get(keyOf(resource)) ?? [])];
    },
  };
}

/** @internal Numbers audit entries per model and hands them to its sink. */
export class AuditLog {
  private seq = 0;
  constructor(private readonly sink: AuditSink = createMemoryAuditSink()) {}
  /**
   * Numbers one operation's entries and hands them to the sink. A sink that throws takes
   * the numbers back (the next operation's entries follow the last ones handed over) and the
   * throw refuses the operation (see applyOp).
   */
  appendAll(entries: readonly Omit<AuditEntry, 'seq'>[]): AuditEntry[] {
    const seq = this.seq;
    try {
      return entries.map((entry) => {
        const full = Object.freeze({ ...entry, seq: ++this.seq });
        this.sink.append(full);
        return full;
      });
    } catch (error) {
      this.seq = seq;
      throw error;
    }
  }
  of(type: string, id: string): AuditEntry[] {
    return this.sink.of?.({ type, id }) ?? [];
  }
}

/** The system actor (a super admin outside the world), for `syncUsers` only. */
const systemActor = (actorId: string, op: OpName): UserState | undefined =>
  actorId === SYSTEM_ACTOR && op === 'syncUsers'
    ? {
        id: SYSTEM_ACTOR,
        license: 'full',
        active: true,
        superAdmin: true,
        managerId: undefined,
        attributes: {},
      }
    : undefined;

/** Runs one operation for `actorId`; throws a typed error and changes nothing on refusal. */
export function applyOp(
  store: Store,
  log: AuditLog,
  now: () => number,
  actorId: string,
  op: Op,
  viewAs: string | undefined,
): ApplyResult {
  if (typeof op !== 'object' || op === null)
    throw new InvalidInputError('', 'an operation must be an object { op, args }');
  const name = op.op;
  if (!isOpName(name))
    throw new InvalidInputError(
      'op',
      `unknown operation ${typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name} (one of ${OP_NAMES.join(', ')})`,
      'unknown-op',
    );
  // Bounds and types first (no world needed), then the ids the args name: before anything runs.
  const { args, refs } = parseOpArgsWithRefs(name, op.args ?? {});
  if (viewAs !== undefined)
    throw new RuleViolationError({
      rule: 'A11',
      op: name,
      actor: actorId,
      reason: `nothing can be changed while viewing as ${viewAs}`,
      fix: 'Stop viewing as another user first',
    });
  const actor = store.users.get(actorId) ?? systemActor(actorId, name);
  if (actor === undefined) throw new UnknownIdError('actor', 'user', actorId);
  resolveRefs(store, refs);
  const audit = store.transaction(() => {
    const c = new OpContext(store, actor, name, args as Record<string, unknown>, Object.keys(args));
    HANDLERS[name](c);
    if (c.audits.length > 0) store.set(store, 'revision', store.revision + 1);
    const at = now();
    // Inside the transaction: a sink that throws undoes the change, so no change is kept
    // without its audit entries (MODEL E5) and nothing is half-applied.
    return log.appendAll(c.audits.map((a) => ({ ...a, actor: actorId, at })));
  });
  return { revision: store.revision, audit };
}
