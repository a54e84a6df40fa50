/**
 * User groups are created, edited and deleted (MODEL D9) by those MODEL D8 names;
 * membership is recomputed at once. Creating and editing may not give anyone a bundle
 * permission, nor asset access through a group share, that the actor lacks (MODEL R3); system-managed groups and groups that a bundle,
 * a share or a sharing rule names are protected (MODEL D9).
 */
import { isInGroup } from '../model/membership.ts';
import type { GroupState, UserState } from '../model/state.ts';
import type { Criteria } from '../schema/types.ts';
import type { OpContext } from './context.ts';
import { groupShareProbe, joinable, namedGroups, refuseGain } from './group-shares.ts';

const view = (g: GroupState) => ({
  members: [...g.members].sort(),
  rule: g.rule === undefined ? null : structuredClone(g.rule),
});

/**
 * Replaces (or removes) a group and recomputes everyone's membership at once, guarded so
 * no one newly holds a bundle permission the actor lacks (MODEL R3, D9).
 */
function change(ctx: OpContext, id: string, next: GroupState | undefined): void {
  const s = ctx.store;
  const old = s.groups.get(id);
  // Only users who join or leave this group can gain anything: the groups and bundles that
  // name it follow from that. Without `userGroup` in its rules (old or new) membership is
  // exactly predictable; otherwise (groups naming groups) every user is judged.
  const namesGroups = (g: GroupState | undefined) =>
    g?.rule !== undefined && namedGroups(g.rule, new Set()).size > 0;
  const within = (g: GroupState | undefined, u: UserState) =>
    g !== undefined && isInGroup(s, u, g, new Set());
  const users = [...s.users.values()];
  const changing = users.filter((u) => within(old, u) !== within(next, u));
  const judged = ctx.superAdmin || namesGroups(old) || namesGroups(next) ? users : changing;
  // Asset access through group shares (MODEL R3, A7, A8): only those whose membership of this
  // group changes can join any group, this one or those naming groups.
  const shares = groupShareProbe(ctx, changing, joinable(s, id));
  ctx.guardEscalation(judged, () => {
    if (next === undefined) removeKeepingOrder(ctx, id);
    else s.put(s.groups, id, next);
    for (const u of s.users.keys()) s.touchUser(u);
  });
  refuseGain(ctx, shares());
}

/**
 * Removes a group so that a rollback (MODEL R4) restores the groups in their order: the
 * groups after it are taken out last-first and put back, so undoing replays them in order.
 */
function removeKeepingOrder(ctx: OpContext, id: string): void {
  const s = ctx.store;
  const keys = [...s.groups.keys()];
  const after = keys.slice(keys.indexOf(id) + 1).map((k) => [k, s.groups.get(k)!] as const);
  for (const [k] of [...after].reverse()) s.remove(s.groups, k);
  s.remove(s.groups, id);
  for (const [k, g] of after) s.put(s.groups, k, g);
}

function existing(ctx: OpContext): GroupState {
  const id = ctx.string('id');
  const g = ctx.store.groups.get(id);
  if (g === undefined) ctx.invalid('id', `unknown group "${id}"`);
  ctx.requireSharingAdmin();
  if (g.systemManaged)
    ctx.refuse('D9', `group "${g.id}" is system-managed`, 'Leave it to the system');
  return g;
}

const members = (ctx: OpContext) => ctx.args.members as readonly string[] | undefined;

/** MODEL D9: a new group (alphanumeric, unique id) with manual members and/or a rule. */
export function createGroup(ctx: OpContext): void {
  const id = ctx.string('id');
  ctx.requireSharingAdmin();
  if (ctx.store.groups.has(id))
    ctx.refuse('K8', `a group "${id}" already exists`, 'Pick another group id');
  const rule = ctx.args.rule as Criteria | undefined;
  const g: GroupState = {
    id,
    members: new Set(members(ctx)),
    rule: rule === undefined ? undefined : structuredClone(rule),
    systemManaged: false,
  };
  change(ctx, id, g);
  ctx.audit('createGroup', 'group', id, null, view(g));
}

/** MODEL D9: replaces a group's manual members and/or rule (`rule: null` removes it). */
export function editGroup(ctx: OpContext): void {
  const g = existing(ctx);
  const rule = ctx.args.rule as Criteria | null | undefined;
  const next: GroupState = {
    ...g,
    members: members(ctx) === undefined ? new Set(g.members) : new Set(members(ctx)),
    rule: rule === undefined ? g.rule : rule === null ? undefined : structuredClone(rule),
  };
  const before = view(g);
  const after = view(next);
  if (JSON.stringify(before) === JSON.stringify(after)) return; // nothing changes (not audited)
  change(ctx, g.id, next);
  ctx.audit('editGroup', 'group', g.id, before, after);
}

/** What names a group so that it cannot be deleted (MODEL D9), or undefined. */
function namedBy(ctx: OpContext, id: string): string | undefined {
  const s = ctx.store;
  for (const b of s.bundles.values())
    if (b.groups.has(id) || namedGroups(b.rule, new Set()).has(id)) return `bundle "${b.id}"`;
  // An asset is named only to an actor who may view it (MODEL W1): not a way to find them.
  let hidden = false;
  for (const n of s.assets.values())
    if (n.groupShares.has(id)) {
      if (ctx.can('view', { type: n.type.name, id: n.id })) return `a share of "${n.id}"`;
      hidden = true;
    }
  if (hidden) return 'a share of an asset you may not view';
  for (const r of s.recordTypes.values())
    for (const rule of r.rules)
      if (namedGroups(rule.criteria, new Set()).has(id))
        return `sharing rule "${rule.id}" of ${r.type}`;
  return undefined;
}

/** MODEL D9: deletes a group no bundle, share or sharing rule names. */
export function deleteGroup(ctx: OpContext): void {
  const g = existing(ctx);
  const before = view(g);
  change(ctx, g.id, undefined);
  const by = namedBy(ctx, g.id);
  if (by !== undefined)
    ctx.refuse('D9', `${by} names group "${g.id}"`, `Remove the group from ${by} first`);
  ctx.audit('deleteGroup', 'group', g.id, before, null);
}
