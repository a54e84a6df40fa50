/**
 * Group membership (MODEL D7, D8, N11, R3) and user changes (MODEL R3, D5, D6).
 */

import { coversRecord, managerChain, recordAtoms } from '../model/holdings.ts';
import type { GroupState, UserState } from '../model/state.ts';
import { validateAttributes } from '../model/world.ts';
import type { OpContext } from './context.ts';

function group(ctx: OpContext): GroupState {
  const id = ctx.string('group');
  const g = ctx.store.groups.get(id);
  if (g === undefined) ctx.invalid('group', `unknown group "${id}"`);
  return g;
}

function protectGroup(ctx: OpContext, g: GroupState): void {
  if (g.systemManaged)
    ctx.refuse(
      'N11',
      `group "${g.id}" is system-managed and accepts no manual members`,
      'Leave its membership to the system',
    );
}

export function addToGroup(ctx: OpContext): void {
  const g = group(ctx);
  const u = ctx.user('user');
  ctx.requireSharingAdmin();
  protectGroup(ctx, g);
  let changed = false;
  ctx.guardEscalation([u], () => {
    changed = ctx.store.add(g.members, u.id);
    ctx.store.touchUser(u.id);
  });
  if (changed) ctx.audit('addToGroup', 'group', g.id, { added: null }, { added: u.id });
}

/** MODEL D7: a user the group's rule matches stays a member; the hand removal still succeeds. */
export function removeFromGroup(ctx: OpContext): void {
  const g = group(ctx);
  const u = ctx.user('user');
  ctx.requireSharingAdmin();
  protectGroup(ctx, g);
  let changed = false;
  // Removal can escalate too: criteria may say "not in this group" (MODEL R3).
  ctx.guardEscalation([u], () => {
    changed = ctx.store.delete(g.members, u.id);
    ctx.store.touchUser(u.id);
  });
  if (changed) ctx.audit('removeFromGroup', 'group', g.id, { removed: null }, { removed: u.id });
}

/**
 * MODEL R3 for records: a `setUser` by an actor who may not change sharing settings (D8)
 * may not give anyone a record permission (D3–D5) the actor does not hold. Attributes and
 * activation change which rules reach the user; a manager change extends the user's (and
 * their reports') rules to a new chain of managers (D5). Call before the change; the
 * returned check runs after it (undefined when the actor may change sharing settings).
 */
function recordGuard(
  ctx: OpContext,
  target: UserState,
  newManager: string | undefined,
): (() => void) | undefined {
  const s = ctx.store;
  if (ctx.navigates(s.schema.sharingSettingsPage)) return undefined;
  const held = recordAtoms(s, ctx.actor);
  const ids = new Set(managerChain(s, target.id));
  if (newManager !== undefined) for (const m of managerChain(s, newManager)) ids.add(m);
  const people = [...ids].map((u) => s.users.get(u)!).filter((u) => !(u.active && u.superAdmin));
  const before = people.map((u) => recordAtoms(s, u));
  return () => {
    people.forEach((u, i) => {
      s.touchUser(u.id);
      const gained = recordAtoms(s, u).find(
        (a) => !coversRecord(before[i]!, a) && !coversRecord(held, a),
      );
      if (gained !== undefined)
        ctx.refuse(
          'R3',
          `${ctx.actor.id} would give ${u.id} ${gained.action} on ${gained.type} records${gained.advice === undefined ? '' : ` that meet ${gained.advice}`}, which ${ctx.actor.id} does not hold`,
          'Ask someone who may change sharing settings, or a super admin',
        );
    });
  };
}

const snapshot = (u: UserState) => ({
  license: u.license,
  active: u.active,
  superAdmin: u.superAdmin,
  managerId: u.managerId ?? null,
  attributes: structuredClone(u.attributes),
});

/**
 * MODEL R3: holders of `user: edit` add and edit users; only super admins
 * change `superAdmin` or `license`; no one may make anyone newly hold a
 * bundle permission they do not hold. Attributes are merged; `null` removes
 * one unless record rules use it (MODEL D6). Manager cycles are refused (MODEL D5).
 */
export function setUser(ctx: OpContext): void {
  const s = ctx.store;
  const id = ctx.string('id');
  const raw = ctx.args.attributes;
  const removals: string[] = [];
  let attributes: Record<string, UserState['attributes'][string]> | undefined;
  if (raw !== undefined) {
    const patch = ctx.object('attributes');
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch))
      if (v === null) removals.push(k);
      else kept[k] = v;
    attributes = validateAttributes(kept, 'args.attributes');
  }
  const license = ctx.string('license', true);
  const active = ctx.boolean('active');
  const superAdmin = ctx.boolean('superAdmin');
  const rawManager = ctx.args.managerId;
  const managerId = rawManager === null ? null : ctx.string('managerId', true);
  if (typeof managerId === 'string' && !s.users.has(managerId))
    ctx.invalid('managerId', `unknown user "${managerId}"`);

  ctx.requireUserManager(false);
  let user = s.users.get(id);
  const before = user === undefined ? null : snapshot(user);
  if (user?.superAdmin === true && !ctx.superAdmin)
    ctx.refuse(
      'R3',
      `${user.id} is a super admin: only a super admin may change them`,
      'Ask a super admin',
    );
  if (!ctx.superAdmin) {
    if (license !== undefined && license !== (user?.license ?? 'full'))
      ctx.refuse('R3', `only a super admin may change a license`, 'Ask a super admin');
    if (superAdmin !== undefined && superAdmin !== (user?.superAdmin ?? false))
      ctx.refuse('R3', `only a super admin may change super admin status`, 'Ask a super admin');
  }
  if (user === undefined) {
    user = {
      id,
      license: license ?? 'full',
      active: true,
      superAdmin: false,
      managerId: undefined,
      attributes: {},
    };
    s.addUser(user);
    // A new user holds nothing yet: escalation compares against an inactive start.
    s.set(user, 'active', false);
  }
  const target = user;
  const createdInactive = before === null;
  const records = recordGuard(ctx, target, typeof managerId === 'string' ? managerId : undefined);
  ctx.guardEscalation([target], () => {
    if (attributes !== undefined || removals.length > 0) {
      const next = { ...target.attributes, ...attributes };
      for (const k of removals) delete next[k];
      s.set(target, 'attributes', next);
    }
    if (license !== undefined) s.set(target, 'license', license);
    if (superAdmin !== undefined) s.set(target, 'superAdmin', superAdmin);
    if (active !== undefined || createdInactive) s.set(target, 'active', active ?? true);
    if (managerId !== undefined) s.setManager(target, managerId ?? undefined);
    s.touchUser(target.id);
  });
  records?.();
  // Own rules (MODEL K9, last).
  const seen = new Set([target.id]);
  for (let m = target.managerId; m !== undefined; m = s.users.get(m)?.managerId) {
    if (seen.has(m))
      ctx.refuse(
        'D5',
        `making ${target.managerId} the manager of ${target.id} would form a cycle`,
        'Pick a manager who does not report to this user',
      );
    seen.add(m);
  }
  for (const k of removals)
    for (const r of s.recordTypes.values())
      if (r.attributes.has(k))
        ctx.refuse(
          'D6',
          `attribute "${k}" is a permission attribute of ${r.type} and cannot be removed`,
          'Keep the attribute; change its value instead',
        );
  const after = snapshot(target);
  if (JSON.stringify(after) !== JSON.stringify(before))
    ctx.audit('setUser', 'user', target.id, before, after);
}
