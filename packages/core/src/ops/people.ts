/**
 * Group membership (MODEL D7, D8, N11, R3) and user changes (MODEL R3, D5, D6).
 */

import { abilityOf } from '../model/ability.ts';
import { coversRecord, managerChain, recordAtoms } from '../model/holdings.ts';
import { isInGroup } from '../model/membership.ts';
import type { GroupState, ResourceNode, UserState } from '../model/state.ts';
import { validateAttributes } from '../model/world.ts';
import type { OpContext } from './context.ts';
import {
  assetRef,
  firstGain,
  groupShareMasks,
  groupShareProbe,
  joinable,
  refuseGain,
  sharingGroups,
} from './group-shares.ts';
import { userConditionProbe } from './user-conditions.ts';

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
  const shares = groupShareProbe(ctx, [u], joinable(ctx.store, g.id));
  ctx.guardEscalation([u], () => {
    changed = ctx.store.add(g.members, u.id);
    ctx.store.touchUser(u.id);
  });
  refuseGain(ctx, shares());
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
  const shares = groupShareProbe(ctx, [u], joinable(ctx.store, g.id));
  ctx.guardEscalation([u], () => {
    changed = ctx.store.delete(g.members, u.id);
    ctx.store.touchUser(u.id);
  });
  refuseGain(ctx, shares());
  if (changed) ctx.audit('removeFromGroup', 'group', g.id, { removed: null }, { removed: u.id });
}

/** A permission a `setUser` would newly give someone and the actor lacks (MODEL R3). */
interface Gain {
  readonly user: string;
  /** E.g. `read on cta records` or `admin on dashboard "d1" through group "G"`. */
  readonly what: string;
  readonly fix: string;
}

/** Taken before a change; called after it, the first gain it lets through (undefined: none). */
type Probe = () => Gain | undefined;

/**
 * Records (MODEL D3–D5): a `setUser` by an actor who may not change sharing settings (D8).
 * Attributes and activation change which rules reach the user; a manager change extends the
 * user's (and their reports') rules to a new chain of managers (D5).
 */
function recordProbe(
  ctx: OpContext,
  target: UserState,
  newManager: string | undefined,
): Probe | undefined {
  const s = ctx.store;
  if (ctx.navigates(s.schema.sharingSettingsPage)) return undefined;
  const held = recordAtoms(s, ctx.actor);
  const ids = new Set(managerChain(s, target.id));
  if (newManager !== undefined) for (const m of managerChain(s, newManager)) ids.add(m);
  const people = [...ids].map((u) => s.users.get(u)!).filter((u) => !(u.active && u.superAdmin));
  const before = people.map((u) => recordAtoms(s, u));
  return () => {
    for (const [i, u] of people.entries()) {
      s.touchUser(u.id);
      const a = recordAtoms(s, u).find(
        (x) => !coversRecord(before[i]!, x) && !coversRecord(held, x),
      );
      if (a !== undefined)
        return {
          user: u.id,
          what: `${a.action} on ${a.type} records${a.advice === undefined ? '' : ` that meet ${a.advice}`}`,
          fix: 'Ask someone who may change sharing settings, or a super admin',
        };
    }
    return undefined;
  };
}

/**
 * Assets (MODEL A1, A4): a `setUser` by an actor who is not a super admin may not give the
 * target, through a group they join (attributes a group rule uses, activation), an access
 * level on an asset that the actor does not hold there (owner, shares, inherited, public
 * levels, bundles: what `check` gives the actor). Only the target's groups can change, and
 * only the assets shared to the groups they join (and what those contain) are compared.
 * `attributes` are the target's attributes after the change (undefined: unchanged).
 */
function assetProbe(
  ctx: OpContext,
  target: UserState,
  attributes: UserState['attributes'] | undefined,
): Probe | undefined {
  const s = ctx.store;
  if (ctx.superAdmin) return undefined;
  const groupsBefore = sharingGroups(s, target);
  // What the target held before where the groups they are about to join reach. An inactive
  // user held nothing (MODEL K7); an active one joins groups only through a rule and only
  // when attributes change (manual lists stay), so those rules are evaluated on the new
  // attributes, without the caches, before anything changes.
  const heldBefore = new Map<ResourceNode, number>();
  if (target.active && attributes !== undefined) {
    const future: UserState = { ...target, attributes };
    const joining = [...s.groups.values()]
      .filter((g) => g.rule !== undefined && !groupsBefore.has(g.id))
      .filter((g) => isInGroup(s, future, g, new Set()))
      .map((g) => g.id);
    const ability = abilityOf(s, target.id);
    for (const n of groupShareMasks(s, joining, undefined).keys())
      heldBefore.set(n, ability.mask(assetRef(n)));
  }
  return () => {
    s.touchUser(target.id);
    const joined = [...sharingGroups(s, target)].filter((g) => !groupsBefore.has(g));
    if (joined.length === 0) return undefined;
    // The actor's access is untouched by a change to someone else; their own is `had`.
    const actorHad = (n: ResourceNode) =>
      ctx.actor === target
        ? (heldBefore.get(n) ?? 0)
        : abilityOf(s, ctx.actor.id).mask(assetRef(n));
    return firstGain(ctx, target, joined, heldBefore, actorHad);
  };
}

/**
 * MODEL R3's exceptions for `setUser`, as one guard: after the change, no one may newly hold
 * a record permission (D3–D5, unless the actor may change sharing settings, D8) or an asset
 * access level through a group share (A1, A4, unless the actor is a super admin), or through
 * a changed attribute a condition of theirs compares with (R2, user-conditions.ts), that the
 * actor does not hold. Call before the change; the returned check runs after it.
 */
function newlyHeldGuard(
  ctx: OpContext,
  target: UserState,
  newManager: string | undefined,
  attributes: UserState['attributes'] | undefined,
): () => void {
  const probes = [
    recordProbe(ctx, target, newManager),
    assetProbe(ctx, target, attributes),
    ctx.superAdmin || attributes === undefined
      ? undefined
      : userConditionProbe(ctx.store, ctx.actor, target),
  ];
  return () => {
    for (const probe of probes) {
      const gain = probe?.();
      if (gain !== undefined)
        ctx.refuse(
          'R3',
          `${ctx.actor.id} would give ${gain.user} ${gain.what}, which ${ctx.actor.id} does not hold`,
          gain.fix,
        );
    }
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
 * bundle permission they do not hold. Attributes are merged (the op's argument
 * definition refuses `null` values). Manager cycles are refused (MODEL D5).
 */
export function setUser(ctx: OpContext): void {
  const s = ctx.store;
  const id = ctx.string('id');
  const attributes =
    ctx.args.attributes === undefined
      ? undefined
      : validateAttributes(ctx.object('attributes'), 'args.attributes');
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
  const next: UserState['attributes'] | undefined =
    attributes === undefined ? undefined : { ...target.attributes, ...attributes };
  const guard = newlyHeldGuard(
    ctx,
    target,
    typeof managerId === 'string' ? managerId : undefined,
    next,
  );
  ctx.guardEscalation([target], () => {
    if (next !== undefined) s.set(target, 'attributes', next);
    if (license !== undefined) s.set(target, 'license', license);
    if (superAdmin !== undefined) s.set(target, 'superAdmin', superAdmin);
    if (active !== undefined || createdInactive) s.set(target, 'active', active ?? true);
    if (managerId !== undefined) s.setManager(target, managerId ?? undefined);
    s.touchUser(target.id);
  });
  guard();
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
  const after = snapshot(target);
  if (JSON.stringify(after) !== JSON.stringify(before))
    ctx.audit('setUser', 'user', target.id, before, after);
}
