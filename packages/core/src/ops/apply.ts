/**
 * The dispatcher of administrative operations: validates the op, refuses
 * while viewing as (MODEL A11), runs it all or nothing (MODEL R4), numbers
 * the revision and records the audit trail (MODEL E5).
 */
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import type { Store } from '../model/store.ts';
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

const OPS: Record<string, [(ctx: OpContext) => void, readonly string[]]> = {
  createBundle: [createBundle, ['id', 'grants', 'rule', 'groups']],
  editBundle: [editBundle, ['id', 'grants', 'rule', 'groups']],
  deleteBundle: [deleteBundle, ['id']],
  addToBundle: [addToBundle, ['bundle', 'user', 'administrator']],
  removeFromBundle: [removeFromBundle, ['bundle', 'user']],
  addToGroup: [addToGroup, ['group', 'user']],
  removeFromGroup: [removeFromGroup, ['group', 'user']],
  setUser: [setUser, ['id', 'attributes', 'license', 'active', 'superAdmin', 'managerId']],
  assignRole: [assignRole, ['user', 'role']],
  unassignRole: [unassignRole, ['user', 'role']],
  createAsset: [createAsset, ['type', 'id', 'parent']],
  deleteAsset: [deleteAsset, ['asset']],
  setSharing: [setSharing, ['asset', 'sharing']],
  share: [share, ['asset', 'user', 'group', 'level']],
  revoke: [revoke, ['asset', 'user', 'group']],
  move: [move, ['assets', 'to']],
  setEveryone: [setEveryone, ['recordType', 'on']],
  addRule: [addRule, ['recordType', 'rule']],
  transition: [transition, ['resource', 'action']],
};

/** The names of every operation (pure, so a bundle that uses no operation drops them all). */
export const OP_NAMES: readonly string[] = /* @__PURE__ */ Object.keys(OPS);

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
  const entry = typeof op.op === 'string' ? OPS[op.op] : undefined;
  if (entry === undefined || !Object.hasOwn(OPS, op.op))
    throw new InvalidInputError(
      'op',
      `unknown operation ${JSON.stringify(op.op)} (one of ${OP_NAMES.join(', ')})`,
    );
  const args = op.args ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw new InvalidInputError('args', 'must be an object');
  if (viewAs !== undefined)
    throw new RuleViolationError({
      rule: 'A11',
      op: op.op,
      actor: actorId,
      reason: `nothing can be changed while viewing as ${viewAs}`,
      fix: 'Stop viewing as another user first',
    });
  const actor = store.users.get(actorId);
  if (actor === undefined) throw new InvalidInputError('actor', `unknown user "${actorId}"`);
  const ctx = store.transaction(() => {
    const c = new OpContext(store, actor, op.op, args as Record<string, unknown>, entry[1]);
    entry[0](c);
    if (c.audits.length > 0) store.set(store, 'revision', store.revision + 1);
    return c;
  });
  const at = now();
  const audit = ctx.audits.map((a) => log.append({ ...a, actor: actorId, at }));
  return { revision: store.revision, audit };
}
