/**
 * Asset access that reaches users through shares to their groups (MODEL A1, A4), and the
 * guard that keeps group membership from handing it out: a change of who is in a group, by
 * anyone but a super admin, may not give anyone an access level on an asset that the actor
 * does not hold there (MODEL R3's asset exception, with A7/A8's intent: only an asset's
 * admins give access to it, only super admins give `admin`). `setUser` (people.ts) and the
 * group operations (people.ts, groups.ts) share these.
 */
import { abilityOf } from '../model/ability.ts';
import { type Cap, capData, capOf, levelMask, mapMask } from '../model/grants.ts';
import { groupsOf } from '../model/membership.ts';
import { MAX_FOLDER_DEPTH, type ResourceNode, type UserState } from '../model/state.ts';
import type { Store } from '../model/store.ts';
import type { Criteria } from '../schema/types.ts';
import type { OpContext } from './context.ts';

/** Asset access a change would newly give someone and the actor lacks (MODEL R3). */
export interface AssetGain {
  readonly user: string;
  /** E.g. `admin on dashboard "d1" through group "G"`. */
  readonly what: string;
  readonly fix: string;
}

/** The groups whose shares reach a user: none while inactive (MODEL K7). */
export const sharingGroups = (s: Store, u: UserState): ReadonlySet<string> =>
  u.active ? new Set(groupsOf(s, u)) : new Set();

/**
 * What the shares to each group give on every asset, down the folder tree (MODEL A1, A4):
 * asset → [mask, group]. Home and Uncategorized pass nothing on (A5).
 */
export function groupShareMasks(
  s: Store,
  groups: Iterable<string>,
  cap: Cap | undefined,
): Map<ResourceNode, [number, string]> {
  const out = new Map<ResourceNode, [number, string]>();
  for (const g of groups)
    for (const root of s.sharedWith.get(`g:${g}`) ?? []) {
      const level = levelMask(s.schema, root.type, root.groupShares.get(g)!);
      const stack: [ResourceNode, number][] = [[root, 0]];
      while (stack.length > 0) {
        const [n, depth] = stack.pop()!;
        if (n.system || depth > MAX_FOLDER_DEPTH) continue;
        // Across asset types by action name, as the model's own checker does.
        const m = capData(s.schema, cap, n.type, mapMask(s.schema, root.type, n.type, level));
        const had = out.get(n);
        out.set(n, [(had?.[0] ?? 0) | m, had?.[1] ?? g]);
        for (const c of n.children) stack.push([c, depth + 1]);
      }
    }
  return out;
}

export const assetRef = (n: ResourceNode) => ({ type: n.type.name, id: n.id });

/** The action of `mask` that implies the most others (`admin` over `view`), for messages. */
function strongest(s: Store, n: ResourceNode, mask: number): string {
  const size = (a: string) =>
    s.schema.actionsOf(n.type, s.schema.mask(n.type, [a], false) & mask).length;
  return s.schema.actionsOf(n.type, mask).reduce((a, b) => (size(b) > size(a) ? b : a));
}

/**
 * The first asset access `user` gets through the groups they `joined` that neither they
 * (`had`, taken before the change) nor the actor (`actorHad`, before the change) held. The
 * refusal names the asset only to an actor who may view it, and the group only to one who
 * may change sharing settings (D8; MODEL W1, E5): it is not a way to learn what they may not see.
 */
export function firstGain(
  ctx: OpContext,
  user: UserState,
  joined: Iterable<string>,
  had: ReadonlyMap<ResourceNode, number>,
  actorHad: (n: ResourceNode) => number,
): AssetGain | undefined {
  const s = ctx.store;
  for (const [n, [mask, group]] of groupShareMasks(s, joined, capOf(s, user))) {
    // Missing only if a prediction missed a group: judged as held nothing (strict).
    const actor = actorHad(n);
    const lacked = mask & ~(had.get(n) ?? 0) & ~actor;
    if (lacked === 0) continue;
    const through = ctx.navigates(s.schema.sharingSettingsPage)
      ? ` through group "${group}"`
      : ' through a group';
    return {
      user: user.id,
      what:
        (actor & (n.type.bitOf.view ?? 0)) !== 0
          ? `${strongest(s, n, lacked)} on ${n.type.name} "${n.id}"${through}`
          : `access to an asset you may not view${through}`,
      fix: 'Ask someone with that access on the asset to share it, or a super admin',
    };
  }
  return undefined;
}

/**
 * For an operation that changes who is in groups (`addToGroup`, `removeFromGroup`,
 * `createGroup`, `editGroup`, `deleteGroup`): taken before the change, with the `users`
 * whose membership of the changed group may change and the `groups` they may join (that
 * group and those whose rules name groups); called after it, the first asset access anyone
 * gets through a group they joined that neither they nor the actor held before. Nothing to
 * take (and nothing to find) when none of those groups is shared or the actor is a super admin.
 */
export function groupShareProbe(
  ctx: OpContext,
  users: readonly UserState[],
  groups: readonly string[],
): () => AssetGain | undefined {
  const s = ctx.store;
  const shared = groups.filter((g) => (s.sharedWith.get(`g:${g}`)?.size ?? 0) > 0);
  if (ctx.superAdmin || shared.length === 0) return () => undefined;
  // What the actor holds where those shares reach; only where a share gives more than that
  // can anyone gain something the actor lacks, so only there is what each user had needed
  // (most changes: nowhere, and no one's access is compiled).
  const actorAbility = abilityOf(s, ctx.actor.id);
  const actorHad = new Map<ResourceNode, number>();
  const need: ResourceNode[] = [];
  for (const [n, [mask]] of groupShareMasks(s, shared, undefined)) {
    const held = ctx.actor.active ? actorAbility.mask(assetRef(n)) : 0;
    actorHad.set(n, held);
    if ((mask & ~held) !== 0) need.push(n);
  }
  if (need.length === 0) return () => undefined;
  const masks = (u: UserState) => {
    const ability = abilityOf(s, u.id);
    return new Map(need.map((n) => [n, u.active ? ability.mask(assetRef(n)) : 0]));
  };
  const before = users.map((u) => ({ u, groups: sharingGroups(s, u), had: masks(u) }));
  return () => {
    for (const { u, groups: was, had } of before) {
      s.touchUser(u.id);
      const joined = [...sharingGroups(s, u)].filter((g) => !was.has(g));
      if (joined.length === 0) continue;
      const gain = firstGain(ctx, u, joined, had, (n) => actorHad.get(n) ?? 0);
      if (gain !== undefined) return gain;
    }
    return undefined;
  };
}

/** Group ids named by `userGroup` anywhere in criteria. */
export function namedGroups(c: Criteria | null | undefined, into: Set<string>): Set<string> {
  if (c === undefined || c === null) return into;
  if ('userGroup' in c) for (const g of c.userGroup) into.add(g);
  else if ('all' in c) for (const x of c.all) namedGroups(x, into);
  else if ('any' in c) for (const x of c.any) namedGroups(x, into);
  else if ('not' in c) namedGroups(c.not, into);
  else if ('logic' in c) for (const x of Object.values(c.where)) namedGroups(x, into);
  return into;
}

/**
 * The groups a user can join when their membership of group `id` changes: that group and
 * every group whose rule names groups (membership follows through `userGroup`, MODEL D9).
 */
export function joinable(s: Store, id: string): string[] {
  const out = [id];
  for (const g of s.groups.values())
    if (g.id !== id && namedGroups(g.rule, new Set()).size > 0) out.push(g.id);
  return out;
}

/** Refuses with MODEL R3 when `gain` names one. */
export function refuseGain(ctx: OpContext, gain: AssetGain | undefined): void {
  if (gain !== undefined)
    ctx.refuse(
      'R3',
      `${ctx.actor.id} would give ${gain.user} ${gain.what}, which ${ctx.actor.id} does not hold`,
      gain.fix,
    );
}
