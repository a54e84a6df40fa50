/**
 * Explanations (MODEL K6): which bundle, share, inherited folder, public level,
 * record rule, lookup, manager or super-admin status granted a decision, or,
 * when denied, what is missing in words a UI can show.
 */
import { adviceHolds, holds } from '../schema/criteria.ts';
import type { CompiledType, Schema } from '../schema/schema.ts';
import type { ResourceRef } from '../schema/types.ts';
import { type Ability, abilityOf, fieldReader } from './ability.ts';
import { bundleGrants, levelMask } from './grants.ts';
import { answeringAs, bundlesOf, groupsOf } from './membership.ts';
import { describe, type Explanation, type Reason } from './reason.ts';
import { assetChain, isPublic, type ResourceNode } from './state.ts';
import type { Store } from './store.ts';

export type { Explanation, Reason } from './reason.ts';

interface Source {
  readonly reason: Reason;
  readonly mask: number;
}

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

function bundleSources(
  a: Ability,
  info: CompiledType,
  r: ResourceRef,
  node: ResourceNode | undefined,
): Source[] {
  const out: Source[] = [];
  const env = node !== undefined ? node.env : r.env;
  for (const [id, vias] of bundlesOf(a.store, a.user!)) {
    const b = a.store.bundles.get(id);
    if (b === undefined) continue;
    for (const g of bundleGrants(a.store, b, a.cap)) {
      if (g.type !== info || (g.id !== undefined && g.id !== r.id)) continue;
      if (g.env !== undefined && (env === undefined || !g.env.includes(env))) continue;
      if (g.when !== undefined) {
        if (node === undefined && r.fields === undefined) continue;
        if (!holds(g.when, fieldReader(node, r), a.subject())) continue;
      }
      const v = vias[0]!;
      out.push({
        mask: g.mask,
        reason: {
          kind: 'bundle',
          bundle: id,
          via: v.via,
          ...(v.via === 'group' ? { group: v.group } : {}),
          scope: g.id === undefined ? 'type' : 'resource',
          ...(g.env === undefined ? {} : { env: g.env }),
          ...(g.when === undefined ? {} : { when: g.when }),
        },
      });
    }
  }
  return out;
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

function recordSources(
  a: Ability,
  info: CompiledType,
  r: ResourceRef,
  node: ResourceNode | undefined,
  seen: Set<string>,
  lookup?: { type: string; id: string },
): Source[] {
  const s = a.store;
  const out: Source[] = [];
  const cap = (m: number) => a.capped(info, m);
  const settings = s.recordTypes.get(info.name);
  const at = lookup === undefined ? {} : { lookup };
  if (settings === undefined || settings.everyone)
    out.push({ reason: { kind: 'everyone', recordType: info.name, ...at }, mask: cap(info.full) });
  else {
    const read = fieldReader(node, r);
    const hasRecord = node !== undefined || r.fields !== undefined;
    for (const reach of a.rulesFor(info.name)) {
      const advice = reach.rule.advice ?? [];
      if (advice.length > 0 && !(hasRecord && advice.every((x) => adviceHolds(x, read)))) continue;
      const manager = reach.via === a.user!.id ? {} : { report: reach.via };
      out.push({
        mask: cap(reach.mask),
        reason: {
          kind: 'recordRule',
          recordType: info.name,
          rule: reach.rule.id,
          ...(lookup !== undefined
            ? { via: 'lookup' as const, lookup }
            : reach.via !== a.user!.id
              ? { via: 'manager' as const }
              : {}),
          ...manager,
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
      out.push({ reason: src.reason, mask: cap(mapMask(s.schema, pinfo, info, src.mask)) });
  }
  return out;
}

/** The same actions, by name, on another type (folder → dashboard, parent → child record). */
function mapMask(schema: Schema, from: CompiledType, to: CompiledType, mask: number): number {
  if (from === to) return mask;
  let m = 0;
  for (const name of schema.actionsOf(from, mask)) m |= to.bits.get(name) ?? 0;
  return m;
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
  if (subject === undefined)
    return denied(
      `only an active super admin may view as another user (MODEL A11); ${userId} may not`,
    );
  userId = subject;
  const user = store.users.get(userId);
  if (user === undefined) return denied(`unknown user “${userId}”`);
  if (!user.active) return denied(`user “${userId}” is inactive and passes no check (MODEL K7)`);
  const info = store.schema.types.get(r.type);
  if (info === undefined) return denied(`unknown resource type “${r.type}”`);
  const bit = info.bits.get(action);
  if (bit === undefined)
    return denied(`${r.type} has no action “${action}” (it has ${info.actions.join(', ')})`);
  const target =
    r.id === undefined
      ? `every ${r.type}${r.env === undefined ? '' : ` in ${r.env}`}`
      : `${r.type} “${titleOf(store, r)}”`;
  if (user.superAdmin)
    return {
      allowed: true,
      reasons: [{ kind: 'superAdmin' }],
      message: `${action} on ${target}: allowed, ${userId} is a super admin (MODEL K3)`,
    };
  const a = abilityOf(store, userId);
  const allowed = a.check(action, r);
  const node = r.id === undefined ? undefined : store.resources.get(info.name)?.get(r.id);
  const sources = [
    ...bundleSources(a, info, r, node),
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
      message: `${action} on ${target}: allowed by ${reasons.map(describe).join('; ') || 'its grants'}`,
    };
  const held = topActions(info, have);
  return {
    allowed,
    reasons: [],
    missing: {
      action,
      type: r.type,
      ...(r.id === undefined ? {} : { id: r.id }),
      have: store.schema.actionsOf(info, have),
    },
    message: `needs ${action} on ${target}; you have ${held.length === 0 ? 'nothing' : held.join(', ')}${a.cap === undefined ? '' : ` (capped by ${a.cap.bundle}, MODEL N5)`}`,
  };
}
