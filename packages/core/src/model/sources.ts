/**
 * The sources of a user's actions on one resource, each with the mask it gives (MODEL K6):
 * the bundle grants that reach it (K2, E1, R2) and, on records, the sharing rules, everyone
 * access and lookups to parents (D1–D5). One walk, used by `explain` and by the snapshot
 * compiler (which ships the sources of each stored record to the browser).
 */
import { adviceMet, holds } from '../schema/criteria.ts';
import type { CompiledType } from '../schema/schema.ts';
import type { ResourceRef } from '../schema/types.ts';
import { type Ability, fieldReader } from './ability.ts';
import { type MaskGrant, mapMask } from './grants.ts';
import type { Reason } from './reason.ts';
import type { ResourceNode } from './state.ts';
import type { Via } from './store.ts';

/** One source of actions and the mask it gives. */
export interface Source {
  readonly reason: Reason;
  readonly mask: number;
}

/** The reason a bundle grant gives: the bundle, how it reaches the user, its scope, environments and condition. */
export function bundleReason(bundle: string, v: Via, g: MaskGrant): Reason {
  return {
    kind: 'bundle',
    bundle,
    via: v.via,
    ...(v.via === 'group' ? { group: v.group } : {}),
    scope: g.id === undefined ? 'type' : 'resource',
    ...(g.env === undefined ? {} : { env: g.env }),
    ...(g.when === undefined ? {} : { when: g.when }),
  };
}

/** The user's bundle grants that apply to `r` (MODEL K2, K5, E1, R2). */
export function bundleSources(
  a: Ability,
  info: CompiledType,
  r: ResourceRef,
  node: ResourceNode | undefined,
): Source[] {
  const out: Source[] = [];
  const env = node !== undefined ? node.env : r.env;
  for (const { bundle, via, grants } of a.bundleReach()) {
    for (const g of grants) {
      if (g.type !== info || (g.id !== undefined && g.id !== r.id)) continue;
      if (g.env !== undefined && (env === undefined || !g.env.includes(env))) continue;
      if (g.when !== undefined) {
        if (node === undefined && r.fields === undefined) continue;
        if (!holds(g.when, fieldReader(node, r), a.subject())) continue;
      }
      out.push({ mask: g.mask, reason: bundleReason(bundle, via, g) });
    }
  }
  return out;
}

/**
 * Everyone access or the sharing rules that reach the user on a record (MODEL D1–D3, D5),
 * and what its parents give through lookups (D4), bundle grants on a parent included.
 */
export function recordSources(
  a: Ability,
  info: CompiledType,
  r: ResourceRef,
  node: ResourceNode | undefined,
  seen: Set<string>,
  lookup?: { type: string; id: string },
): Source[] {
  const s = a.store;
  const out: Source[] = [];
  const settings = s.recordTypes.get(info.name);
  const at = lookup === undefined ? {} : { lookup };
  if (settings === undefined || settings.everyone)
    out.push({
      reason: { kind: 'everyone', recordType: info.name, ...at },
      mask: a.capped(info, info.full),
    });
  else {
    const read = node !== undefined || r.fields !== undefined ? fieldReader(node, r) : undefined;
    for (const reach of a.rulesFor(info.name)) {
      if (!adviceMet(reach.rule.advice, read)) continue;
      const viaReport = reach.via !== a.user!.id;
      out.push({
        mask: a.capped(info, reach.mask),
        reason: {
          kind: 'recordRule',
          recordType: info.name,
          rule: reach.rule.id,
          ...(lookup !== undefined
            ? { via: 'lookup' as const, lookup }
            : viaReport
              ? { via: 'manager' as const }
              : {}),
          ...(viaReport ? { report: reach.via } : {}),
        },
      });
    }
  }
  seen.add(`${info.name}\u0000${r.id}`);
  for (const [ptype, pid] of Object.entries(node?.lookups ?? {})) {
    const pinfo = s.schema.types.get(ptype);
    if (pinfo === undefined || seen.has(`${ptype}\u0000${pid}`)) continue;
    const pnode = s.resources.get(ptype)?.get(pid);
    const via = { type: ptype, id: pid };
    const parents = recordSources(a, pinfo, via, pnode, seen, via);
    // MODEL D4: a bundle grant on the parent opens it, and so its children.
    if (pnode !== undefined)
      for (const src of bundleSources(a, pinfo, via, pnode))
        parents.push({ reason: { ...src.reason, lookup: via } as Reason, mask: src.mask });
    for (const src of parents)
      out.push({
        reason: src.reason,
        mask: a.capped(info, mapMask(s.schema, pinfo, info, src.mask)),
      });
  }
  return out;
}
