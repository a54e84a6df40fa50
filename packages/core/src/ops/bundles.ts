/**
 * Bundle (role) operations: create, edit, delete (MODEL N4–N6, N10, R3, K8),
 * membership by hand and by delegation (MODEL N7–N9, N11, R3).
 */
import { bundlesOf, groupsOf, reach } from '../model/membership.ts';
import type { BundleState, UserState } from '../model/state.ts';
import { bundleDescription, emptyBundle, failInput, ids, validateGrants } from '../model/world.ts';
import { validateCriteria } from '../schema/criteria.ts';
import type { OpContext } from './context.ts';

const snapshot = (b: BundleState) => ({
  grants: structuredClone([...b.grants]),
  groups: [...b.groups].sort(),
  ...(b.rule === undefined ? {} : { rule: structuredClone(b.rule) }),
  users: [...b.users].sort(),
  administrators: [...b.administrators].sort(),
  removed: [...b.removed].sort(),
  ...(b.description === undefined ? {} : { description: b.description }),
});

/** The `description` arg: a string (empty removes it on edit), or undefined to leave it. */
function readDescription(ctx: OpContext): string | undefined {
  const d = ctx.args.description;
  return d === undefined ? undefined : bundleDescription(d, 'args.description');
}

/**
 * The optional automatic membership of `createBundle` / `editBundle`: `groups` (ids) and
 * `rule` (criteria; `null` on edit removes it). MODEL N7: a bundle reaches users by a
 * manual list, groups and rules.
 */
interface Reach {
  groups?: string[];
  rule?: BundleState['rule'] | null;
}
function readReach(ctx: OpContext): Reach {
  const out: Reach = {};
  if (ctx.args.groups !== undefined)
    out.groups = ids(ctx.args.groups, 'args.groups', (g) => ctx.store.groups.has(g), 'group');
  const rule = ctx.args.rule;
  if (rule === null) out.rule = null;
  else if (rule !== undefined) {
    validateCriteria(rule, 'args.rule', failInput);
    out.rule = structuredClone(rule) as BundleState['rule'];
  }
  return out;
}

/** Built-in bundles take no automatic members but their own (MODEL N4–N6, N11). */
function protectReach(ctx: OpContext, b: BundleState, reach: Reach): void {
  if (b.builtin === undefined || (reach.groups === undefined && reach.rule === undefined)) return;
  ctx.protectBundle(b, 'members');
  if (b.builtin.navigationOnly === true)
    ctx.refuse('N4', `bundle "${b.id}" has no automatic members`, 'Add users to it by hand');
}

function applyReach(ctx: OpContext, b: BundleState, reach: Reach): void {
  const s = ctx.store;
  if (reach.groups !== undefined) {
    for (const g of [...b.groups]) if (!reach.groups.includes(g)) s.delete(b.groups, g);
    for (const g of reach.groups) s.add(b.groups, g);
  }
  if (reach.rule !== undefined) s.set(b, 'rule', reach.rule ?? undefined);
  if (reach.groups !== undefined || reach.rule !== undefined) s.touchEveryone();
}

export function createBundle(ctx: OpContext): void {
  const id = ctx.string('id');
  const grants = validateGrants(ctx.store, ctx.args.grants, 'args.grants');
  const reach = readReach(ctx);
  const description = readDescription(ctx);
  ctx.requireBundleAdmin();
  ctx.requireHoldsGrants(grants);
  if (ctx.store.bundles.has(id))
    ctx.refuse('K8', `a bundle "${id}" already exists`, 'Pick another id or edit that bundle');
  const b = emptyBundle(ctx.store, id, structuredClone(grants));
  ctx.store.put(ctx.store.bundles, id, b);
  if (description) ctx.store.set(b, 'description', description);
  applyReach(ctx, b, reach);
  ctx.audit('createBundle', 'bundle', id, null, snapshot(b));
}

export function editBundle(ctx: OpContext): void {
  const b = ctx.bundle('id');
  const grants = validateGrants(ctx.store, ctx.args.grants, 'args.grants');
  const reach = readReach(ctx);
  const description = readDescription(ctx);
  ctx.requireBundleAdmin();
  ctx.protectBundle(b, 'edit', grants);
  protectReach(ctx, b, reach);
  ctx.requireHoldsGrants(grants);
  const before = snapshot(b);
  // MODEL R3 needs no per-user guard here: whoever the new groups or rule reach gains only
  // this bundle's grants, and requireHoldsGrants made sure the actor holds every one.
  ctx.store.touchBundle(b.id);
  ctx.store.set(b, 'grants', structuredClone(grants));
  if (description !== undefined) ctx.store.set(b, 'description', description || undefined);
  applyReach(ctx, b, reach);
  ctx.store.touchBundle(b.id);
  const after = snapshot(b);
  // An edit that changes nothing is not a change: no audit entry, no new revision (MODEL E5).
  if (JSON.stringify(after) !== JSON.stringify(before))
    ctx.audit('editBundle', 'bundle', b.id, before, after);
}

export function deleteBundle(ctx: OpContext): void {
  const b = ctx.bundle('id');
  ctx.requireBundleAdmin();
  ctx.protectBundle(b, 'delete');
  ctx.store.touchBundle(b.id);
  ctx.store.remove(ctx.store.bundles, b.id);
  if (b.builtin !== undefined) ctx.store.add(ctx.store.deletedBuiltins, b.id);
  ctx.audit('deleteBundle', 'bundle', b.id, snapshot(b), null);
}

/**
 * Adds a user by hand (clearing a hand removal, MODEL N8); `administrator` true sets the
 * bundle administrator flag, false clears it, undefined leaves it. True when something changed.
 */
function join(
  ctx: OpContext,
  b: BundleState,
  u: UserState,
  administrator: boolean | undefined,
): boolean {
  const s = ctx.store;
  let changed = s.add(b.users, u.id);
  changed = s.delete(b.removed, u.id) || changed;
  if (administrator === true) changed = s.add(b.administrators, u.id) || changed;
  if (administrator === false) changed = s.delete(b.administrators, u.id) || changed;
  s.touchUser(u.id);
  return changed;
}

/**
 * MODEL N9: a bundle administrator who is neither N10 nor a super admin adds and removes
 * members only: they may not set or clear the administrator flag, nor remove another
 * administrator of the bundle (leaving it themselves is fine).
 */
function limitBundleAdministrator(
  ctx: OpContext,
  b: BundleState,
  u: UserState,
  change: { administrator?: boolean | undefined; removing?: boolean },
): void {
  if (ctx.navigates(ctx.store.schema.bundlesPage)) return; // MODEL N10 and super admins
  const isAdmin = b.administrators.has(u.id);
  const fix = 'Ask a Permission Bundles administrator or a super admin';
  if (change.administrator !== undefined && change.administrator !== isAdmin)
    ctx.refuse(
      'N9',
      `${ctx.actor.id} may not ${change.administrator ? 'make' : 'stop'} ${u.id} ${change.administrator ? 'an' : 'being an'} administrator of bundle "${b.id}"`,
      fix,
    );
  if (change.removing === true && isAdmin && u.id !== ctx.actor.id)
    ctx.refuse(
      'N9',
      `${ctx.actor.id} may not remove ${u.id}, another administrator of bundle "${b.id}"`,
      fix,
    );
}

/** Removes a user by hand: the rule no longer adds them (MODEL N8); groups still do. */
function leave(ctx: OpContext, b: BundleState, u: UserState): boolean {
  const s = ctx.store;
  const viaRule = reach(s, u, b, groupsOf(s, u)).some((v) => v.via === 'rule');
  let changed = s.delete(b.users, u.id);
  if (viaRule || changed) changed = (b.rule !== undefined && s.add(b.removed, u.id)) || changed;
  changed = s.delete(b.administrators, u.id) || changed;
  s.touchUser(u.id);
  return changed;
}

export function addToBundle(ctx: OpContext): void {
  const b = ctx.bundle('bundle');
  const u = ctx.user('user');
  const administrator = ctx.boolean('administrator');
  ctx.requireAssigner(b);
  limitBundleAdministrator(ctx, b, u, { administrator });
  ctx.protectBundle(b, 'members');
  const before = snapshot(b);
  let changed = false;
  ctx.guardEscalation([u], () => {
    changed = join(ctx, b, u, administrator);
  });
  if (changed) ctx.audit('addToBundle', 'bundle', b.id, before, snapshot(b));
}

export function removeFromBundle(ctx: OpContext): void {
  const b = ctx.bundle('bundle');
  const u = ctx.user('user');
  ctx.requireAssigner(b);
  limitBundleAdministrator(ctx, b, u, { removing: true });
  ctx.protectBundle(b, 'members');
  const before = snapshot(b);
  let changed = false;
  ctx.guardEscalation([u], () => {
    changed = leave(ctx, b, u);
  });
  if (changed) ctx.audit('removeFromBundle', 'bundle', b.id, before, snapshot(b));
}

const roles = (ctx: OpContext, u: UserState) => [...bundlesOf(ctx.store, u).keys()].sort();

export function assignRole(ctx: OpContext): void {
  const u = ctx.user('user');
  const b = ctx.bundle('role');
  ctx.requireUserManager(true);
  ctx.protectBundle(b, 'members');
  if (!ctx.superAdmin && !bundlesOf(ctx.store, ctx.actor).has(b.id))
    ctx.refuse(
      'R3',
      `role "${b.id}" does not reach ${ctx.actor.id}`,
      'Assign only roles you hold yourself, or ask a super admin',
    );
  const before = roles(ctx, u);
  let changed = false;
  ctx.guardEscalation([u], () => {
    changed = join(ctx, b, u, undefined);
  });
  if (changed) ctx.audit('assignRole', 'user', u.id, { roles: before }, { roles: roles(ctx, u) });
}

export function unassignRole(ctx: OpContext): void {
  const u = ctx.user('user');
  const b = ctx.bundle('role');
  ctx.requireUserManager(true);
  // Unassigning clears the administrator flag (MODEL R3): a user manager or N10 may depose an
  // administrator this way; N9 limits only an actor who is an administrator of this bundle.
  if (b.administrators.has(ctx.actor.id)) limitBundleAdministrator(ctx, b, u, { removing: true });
  ctx.protectBundle(b, 'members');
  const before = roles(ctx, u);
  let changed = false;
  ctx.guardEscalation([u], () => {
    changed = leave(ctx, b, u);
  });
  if (changed) ctx.audit('unassignRole', 'user', u.id, { roles: before }, { roles: roles(ctx, u) });
}
