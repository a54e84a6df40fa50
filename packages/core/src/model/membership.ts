/**
 * Who belongs where: group members (manual list and rule, MODEL D7), bundle
 * members (manual list, groups, rule for full licenses, automatic license
 * bundles; MODEL N5–N8), and the subject criteria are evaluated against.
 */
import { matches, type Subject } from '../schema/criteria.ts';
import type { BundleState, GroupState, UserState } from './state.ts';
import type { Store, Via } from './store.ts';

/** Whether a user is in a group; `visiting` breaks cycles of groups whose rules name each other. */
export function isInGroup(
  store: Store,
  user: UserState,
  group: GroupState,
  visiting?: Set<string>,
): boolean {
  if (group.members.has(user.id)) return true;
  if (group.rule === undefined || visiting?.has(group.id) === true) return false;
  const next = new Set(visiting);
  next.add(group.id);
  return matches(group.rule, subjectOf(store, user, next));
}

/**
 * MODEL A11: the user whose answers `userId` gets: `viewAs` when an active super admin views
 * as them, `userId` itself without `viewAs`, and undefined when `userId` may not view as.
 */
export function answeringAs(
  store: Store,
  userId: string,
  viewAs: string | undefined,
): string | undefined {
  if (viewAs === undefined) return userId;
  const actor = store.users.get(userId);
  return actor?.active === true && actor.superAdmin ? viewAs : undefined;
}

/** The criteria subject for a user (MODEL N7, D3). */
export function subjectOf(store: Store, user: UserState, visiting?: Set<string>): Subject {
  return {
    id: user.id,
    attributes: user.attributes,
    inGroup(groupId) {
      const g = store.groups.get(groupId);
      if (g === undefined) return false;
      if (visiting === undefined) return groupsOf(store, user).has(groupId);
      return isInGroup(store, user, g, visiting);
    },
  };
}

/** The groups a user belongs to (cached). */
export function groupsOf(store: Store, user: UserState): Set<string> {
  let set = store.groupsOf.get(user.id);
  if (set === undefined) {
    set = new Set();
    for (const g of store.groups.values()) if (isInGroup(store, user, g, new Set())) set.add(g.id);
    store.groupsOf.set(user.id, set);
  }
  return set;
}

/** How a bundle reaches a user, or an empty list. */
export function reach(store: Store, user: UserState, b: BundleState, groups: Set<string>): Via[] {
  const via: Via[] = [];
  const auto = b.builtin?.autoLicense;
  if (auto !== undefined) {
    // Automatic license bundles have exactly the users of that license (MODEL N5, N6).
    if (user.license === auto) via.push({ via: 'license' });
    return via;
  }
  if (b.users.has(user.id)) via.push({ via: 'manual' });
  for (const g of b.groups) if (groups.has(g)) via.push({ via: 'group', group: g });
  if (
    b.rule !== undefined &&
    user.license === 'full' &&
    !b.removed.has(user.id) &&
    matches(b.rule, subjectOf(store, user))
  )
    via.push({ via: 'rule' });
  return via;
}

/** The bundles that reach a user, with how (cached). */
export function bundlesOf(store: Store, user: UserState): Map<string, Via[]> {
  let map = store.bundlesOf.get(user.id);
  if (map === undefined) {
    map = new Map();
    const groups = groupsOf(store, user);
    for (const b of store.bundles.values()) {
      const via = reach(store, user, b, groups);
      if (via.length > 0) map.set(b.id, via);
    }
    store.bundlesOf.set(user.id, map);
  }
  return map;
}

/** Members of a bundle, sorted (MODEL N7). */
export function bundleMembers(store: Store, bundleId: string): string[] {
  const out: string[] = [];
  for (const u of store.users.values()) if (bundlesOf(store, u).has(bundleId)) out.push(u.id);
  return out.sort();
}

/** Members of a group, sorted (MODEL D7). */
export function groupMembers(store: Store, groupId: string): string[] {
  const out: string[] = [];
  for (const u of store.users.values()) if (groupsOf(store, u).has(groupId)) out.push(u.id);
  return out.sort();
}

/** Active users who report to `userId`, directly or not (MODEL D5); cycles cannot loop. */
export function activeReports(store: Store, userId: string): UserState[] {
  const out: UserState[] = [];
  const seen = new Set([userId]);
  const stack = [userId];
  while (stack.length > 0) {
    for (const r of store.reports.get(stack.pop()!) ?? []) {
      if (seen.has(r)) continue;
      seen.add(r);
      stack.push(r);
      const u = store.users.get(r);
      if (u?.active === true) out.push(u);
    }
  }
  return out;
}
