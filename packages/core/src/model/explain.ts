/**
 * Explanations (MODEL K6): which bundle, share, inherited folder, public level,
 * record rule, lookup, manager or super-admin status granted a decision, or,
 * when denied, what is missing in words a UI can show.
 */
import type { CompiledType } from '../schema/schema.ts';
import type { ResourceRef } from '../schema/types.ts';
import { type Ability, abilityOf } from './ability.ts';
import { directMasks } from './direct-grants.ts';
import { levelMask, mapMask } from './grants.ts';
import { answeringAs, groupsOf } from './membership.ts';
import {
  allowedAsSuperAdmin,
  allowedBy,
  needs,
  noSuchAction,
  targetOf,
  unknownType,
  VIEW_AS_RULE,
} from './messages.ts';
import type { Explanation, Reason } from './reason.ts';
import { bundleSources, recordSources, type Source } from './sources.ts';
import { assetChain, isPublic, type ResourceNode } from './state.ts';
import type { Store } from './store.ts';

export type { Explanation, Reason } from './reason.ts';

const denied = (message: string): Explanation => ({ allowed: false, reasons: [], message });

/** A resource's display name: its `title` or `name` field, else its id (pages: their title). */
export function titleOf(store: Store, r: ResourceRef): string {
  if (r.id === undefined) return '';
  if (r.type === 'page') return store.schema.pages.get(r.id)?.title ?? r.id;
  const node = store.resources.get(r.type)?.get(r.id);
  const f = node?.fields ?? r.fields;
  const t = f?.title ?? f?.name;
  return typeof t === 'string' ? t : r.id;
}

/** MODEL N13: direct grants on this one resource. */
function directSources(a: Ability, info: CompiledType, r: ResourceRef): Source[] {
  if (r.id === undefined) return [];
  return directMasks(a.store, a.user!, a.cap)
    .filter((g) => g.type === info && g.id === r.id)
    .map((g) => ({ reason: { kind: 'direct' }, mask: g.mask }));
}

function assetSources(a: Ability, info: CompiledType, node: ResourceNode | undefined): Source[] {
  if (node === undefined || node.type !== info) return [];
  const s = a.store;
  const cap = (m: number) => a.capped(info, m);
  if (node.system)
    return [{ reason: { kind: 'systemFolder', folder: node.id }, mask: a.assetExtra(info, node) }];
  const out: Source[] = [];
  const user = a.user!;
  const groups = groupsOf(s, user);
  for (const n of assetChain(node)) {
    const from = n === node ? {} : { inheritedFrom: n.id };
    if (n !== node)
      // MODEL A4: a bundle grant on a folder reaches what is inside it.
      for (const src of bundleSources(a, n.type, { type: n.type.name, id: n.id }, n))
        out.push({
          reason: { ...src.reason, inheritedFrom: n.id } as Reason,
          mask: cap(mapMask(s.schema, n.type, info, src.mask)),
        });
    if (n.owner === user.id)
      out.push({
        reason: { kind: 'owner', asset: node.id, ...from },
        mask: cap(levelMask(s.schema, info, 'owner')),
      });
    const lv = n.userShares.get(user.id);
    if (lv !== undefined)
      out.push({
        reason: { kind: 'share', asset: node.id, level: lv, user: user.id, ...from },
        mask: cap(levelMask(s.schema, info, lv)),
      });
    for (const [g, level] of n.groupShares)
      if (groups.has(g))
        out.push({
          reason: { kind: 'share', asset: node.id, level, group: g, ...from },
          mask: cap(levelMask(s.schema, info, level)),
        });
    if (isPublic(n.sharing))
      out.push({
        reason: { kind: 'public', asset: node.id, level: n.sharing, ...from },
        mask: cap(a.publicMask(info, n.sharing)),
      });
  }
  return out;
}

function topActions(info: CompiledType, mask: number): string[] {
  return info.actions.filter((_name, i) => {
    const bit = 1 << i;
    if ((mask & bit) === 0) return false;
    return !info.actions.some(
      (_, j) =>
        j !== i &&
        (mask & (1 << j)) !== 0 &&
        (info.closure[j]! & bit) !== 0 &&
        (info.closure[i]! & (1 << j)) === 0,
    );
  });
}

/** Explains a check (MODEL K6); `allowed` always equals the check's answer. */
export function explain(
  store: Store,
  userId: string,
  action: string,
  r: ResourceRef,
  viewAs?: string,
): Explanation {
  const subject = answeringAs(store, userId, viewAs);
  if (subject === undefined) return denied(`${VIEW_AS_RULE}; ${userId} may not`);
  userId = subject;
  const user = store.users.get(userId);
  if (user === undefined) return denied(`unknown user “${userId}”`);
  if (!user.active) return denied(`user “${userId}” is inactive and passes no check (MODEL K7)`);
  const info = store.schema.types.get(r.type);
  if (info === undefined) return denied(unknownType(r.type));
  const bit = info.bits.get(action);
  if (bit === undefined) return denied(noSuchAction(r.type, action, info.actions));
  const target = targetOf(r.type, r.id, r.env, titleOf(store, r));
  if (user.superAdmin)
    return {
      allowed: true,
      reasons: [{ kind: 'superAdmin' }],
      message: allowedAsSuperAdmin(action, target, userId),
    };
  const a = abilityOf(store, userId);
  const allowed = a.check(action, r);
  const node = r.id === undefined ? undefined : store.resources.get(info.name)?.get(r.id);
  const sources = [
    ...bundleSources(a, info, r, node),
    ...directSources(a, info, r),
    ...(info.kind === 'asset' ? assetSources(a, info, node) : []),
    ...(info.kind === 'record' ? recordSources(a, info, r, node, new Set()) : []),
  ];
  let have = 0;
  for (const s of sources) have |= s.mask;
  const reasons = sources.filter((s) => (s.mask & bit) !== 0).map((s) => s.reason);
  if (allowed)
    return {
      allowed,
      reasons,
      message: allowedBy(action, target, reasons),
    };
  return {
    allowed,
    reasons: [],
    missing: {
      action,
      type: r.type,
      ...(r.id === undefined ? {} : { id: r.id }),
      have: store.schema.actionsOf(info, have),
    },
    message: needs(action, target, topActions(info, have), a.cap?.bundle),
  };
}
