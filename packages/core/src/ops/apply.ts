/**
 * The dispatcher of administrative operations: validates the op and its args
 * against their one definition (`args.ts`: bounds, types, then the ids they name)
 * before anything runs, refuses while viewing as (MODEL A11), runs it all or
 * nothing (MODEL R4), numbers the revision and records the audit trail (MODEL E5).
 */
import { InvalidInputError, RuleViolationError, UnknownIdError } from '../errors.ts';
import type { Store } from '../model/store.ts';
import { isOpName, OP_ARGS, type OpName, parseOpArgsWithRefs, resolveRefs } from './args.ts';
import { createAsset, deleteAsset, move, revoke, setSharing, share } from './assets.ts';
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
import { addToGroup, removeFromGroup, setUser } from './people.ts';
import { addRule, setEveryone, transition } from './records.ts';

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
  transition,
};

/** The names of every operation (pure, so a bundle that uses no operation drops them all). */
export const OP_NAMES: readonly string[] = /* @__PURE__ */ Object.keys(OP_ARGS);

/** The audit trail: entries per resource, oldest first. */
export class AuditLog {
  private seq = 0;
  private readonly byResource = new Map<string, AuditEntry[]>();
  append(entry: Omit<AuditEntry, 'seq'>): AuditEntry {
    const full = Object.freeze({ ...entry, seq: ++this.seq });
    const key = `${entry.resource.type}\u0000${entry.resource.id}`;
    let list = this.byResource.get(key);
    if (list === undefined) {
      list = [];
      this.byResource.set(key, list);
    }
    list.push(full);
    return full;
  }
  of(type: string, id: string): AuditEntry[] {
    return [...(this.byResource.get(`${type}\u0000${id}`) ?? [])];
  }
}

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
  if (!store.users.has(actorId)) throw new UnknownIdError('actor', 'user', actorId);
  const actor = store.users.get(actorId)!;
  resolveRefs(store, refs);
  const ctx = store.transaction(() => {
    const c = new OpContext(store, actor, name, args as Record<string, unknown>, Object.keys(args));
    HANDLERS[name](c);
    if (c.audits.length > 0) store.set(store, 'revision', store.revision + 1);
    return c;
  });
  const at = now();
  const audit = ctx.audits.map((a) => log.append({ ...a, actor: actorId, at }));
  return { revision: store.revision, audit };
}
