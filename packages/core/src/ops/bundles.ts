/**
 * Bundle (role) operations: create, edit, delete (MODEL N4–N6, N10, R3, K8),
 * membership by hand and by delegation (MODEL N7–N9, N11, R3).
 */
import { bundlesOf, groupsOf, reach } from '../model/membership.ts';
import type { BundleState, UserState } from '../model/state.ts';
import { emptyBundle, validateGrants } from '../model/world.ts';
import type { OpContext } from './context.ts';

const snapshot = (b: BundleState) => ({
  grants: structuredClone([...b.grants]),
  users: [...b.users].sort(),
  administrators: [...b.administrators].sort(),
  removed: [...b.removed].sort(),
});

export function createBundle(ctx: OpContext): void {
  const id = ctx.string('id');
  const grants = validateGrants(ctx.store, ctx.args.grants, 'args.grants');
  ctx.requireBundleAdmin();
  ctx.requireHoldsGrants(grants);
  if (ctx.store.bundles.has(id))
    ctx.refuse('K8', `a bundle "${id}" already exists`, 'Pick another id or edit that bundle');
  const b = emptyBundle(ctx.store, id, structuredClone(grants));
  ctx.store.put(ctx.store.bundles, id, b);
  ctx.audit('createBundle', 'bundle', id, null, snapshot(b));
}

export function editBundle(ctx: OpContext): void {
  const b = ctx.bundle('id');
  const grants = validateGrants(ctx.store, ctx.args.grants, 'args.grants');
  ctx.requireBundleAdmin();
  ctx.protectBundle(b, 'edit', grants);
  ctx.requireHoldsGrants(grants);
  const before = snapshot(b);
  ctx.store.touchBundle(b.id);
  ctx.store.set(b, 'grants', structuredClone(grants));
  ctx.store.touchBundle(b.id);
  ctx.audit('editBundle', 'bundle', b.id, before, snapshot(b));
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

/** Adds a user by hand (clearing a hand removal, MODEL N8); true when something changed. */
function join(ctx: OpContext, b: BundleState, u: UserState, administrator: boolean): boolean {
  const s = ctx.store;
  let changed = s.add(b.users, u.id);
  changed = s.delete(b.removed, u.id) || changed;
  if (administrator) changed = s.add(b.administrators, u.id) || changed;
  s.touchUser(u.id);
  return changed;
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
  const administrator = ctx.boolean('administrator') === true;
  ctx.requireAssigner(b);
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
    changed = join(ctx, b, u, false);
  });
  if (changed) ctx.audit('assignRole', 'user', u.id, { roles: before }, { roles: roles(ctx, u) });
}

export function unassignRole(ctx: OpContext): void {
  const u = ctx.user('user');
  const b = ctx.bundle('role');
  ctx.requireUserManager(true);
  ctx.protectBundle(b, 'members');
  const before = roles(ctx, u);
  let changed = false;
  ctx.guardEscalation([u], () => {
    changed = leave(ctx, b, u);
  });
  if (changed) ctx.audit('unassignRole', 'user', u.id, { roles: before }, { roles: roles(ctx, u) });
}
