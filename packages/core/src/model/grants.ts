/**
 * Bundle-derived grants of a user, normalised: implications closed (MODEL K4,
 * N13) and license caps applied (MODEL N5, N5a, N6). Used to compile the
 * per-user checker, to judge escalation (MODEL R3) and by the snapshot compiler.
 */

import { canonical } from '../schema/criteria.ts';
import type { CompiledType, Schema } from '../schema/schema.ts';
import type { Condition, Grant } from '../schema/types.ts';
import { bundlesOf } from './membership.ts';
import type { BundleState, ShareLevel, UserState } from './state.ts';
import type { Store } from './store.ts';

/** A grant with its actions as a closed bitmask. `id` undefined: every resource of the type. */
export interface MaskGrant {
  readonly type: CompiledType;
  readonly id: string | undefined;
  readonly mask: number;
  readonly env: readonly string[] | undefined;
  readonly when: Condition | undefined;
  /** The bundle it comes from. */
  readonly bundle: string;
}

/** A license cap: what the capping bundle covers, per type (MODEL N5, N6). */
export interface Cap {
  readonly bundle: string;
  readonly typeMasks: Map<string, number>;
  readonly idMasks: Map<string, Map<string, number>>;
}

/** The cap that applies to a user, if their license is capped and they are not a super admin. */
export function capOf(store: Store, user: UserState): Cap | undefined {
  if (user.superAdmin) return undefined;
  for (const b of store.bundles.values()) {
    if (b.builtin?.capsLicense !== user.license) continue;
    const cap: Cap = { bundle: b.id, typeMasks: new Map(), idMasks: new Map() };
    for (const g of b.grants) {
      const t = store.schema.types.get(g.type)!;
      const m = store.schema.mask(t, g.actions, g.id === undefined);
      if (g.id === undefined) cap.typeMasks.set(t.name, (cap.typeMasks.get(t.name) ?? 0) | m);
      else {
        let ids = cap.idMasks.get(t.name);
        if (ids === undefined) {
          ids = new Map();
          cap.idMasks.set(t.name, ids);
        }
        ids.set(g.id, (ids.get(g.id) ?? 0) | m);
      }
    }
    return cap;
  }
  return undefined;
}

/** The part of `mask` a cap lets through for `(type, id)`. */
export function capMask(
  cap: Cap | undefined,
  type: string,
  id: string | undefined,
  mask: number,
): number {
  if (cap === undefined) return mask;
  const byId = id === undefined ? 0 : (cap.idMasks.get(type)?.get(id) ?? 0);
  return mask & ((cap.typeMasks.get(type) ?? 0) | byId);
}

/** MODEL N5a: what a capped license keeps on assets (view) and records (read). */
export function dataCap(schema: Schema, type: CompiledType): number {
  return schema.mask(type, [type.kind === 'record' ? 'read' : 'view'], false);
}

/** MODEL N5a: the part of `mask` on `type` that a license cap lets through (all of it without a cap). */
export function capData(
  schema: Schema,
  cap: Cap | undefined,
  type: CompiledType,
  mask: number,
): number {
  return cap === undefined ? mask : mask & dataCap(schema, type);
}

/** The same actions, by name, on another type (MODEL A4 folder → dashboard, D4 parent → child record). */
export function mapMask(
  schema: Schema,
  from: CompiledType,
  to: CompiledType,
  mask: number,
): number {
  if (from === to) return mask;
  let m = 0;
  for (const name of schema.actionsOf(from, mask)) m |= to.bits.get(name) ?? 0;
  return m;
}

/** The mask a share level gives on an asset type (MODEL A1). */
export function levelMask(schema: Schema, type: CompiledType, level: ShareLevel | 'owner'): number {
  const actions =
    level === 'view'
      ? ['view']
      : level === 'view-edit'
        ? ['view', 'edit']
        : level === 'view-share'
          ? ['view', 'share']
          : ['admin'];
  return schema.mask(type, actions, false);
}

/** Grants closed over implications and capped; `bundle` names their source. */
export function maskGrants(
  store: Store,
  grants: readonly Grant[],
  bundle: string,
  cap: Cap | undefined,
): MaskGrant[] {
  const out: MaskGrant[] = [];
  for (const g of grants) {
    const type = store.schema.types.get(g.type);
    if (type === undefined) continue;
    const mask = capMask(
      cap,
      type.name,
      g.id,
      store.schema.mask(type, g.actions, g.id === undefined),
    );
    if (mask === 0) continue;
    out.push({ type, id: g.id, mask, env: g.env, when: g.when, bundle });
  }
  return out;
}

/** The grants of one bundle for a user, closed and capped. */
export function bundleGrants(store: Store, b: BundleState, cap: Cap | undefined): MaskGrant[] {
  return maskGrants(store, b.grants, b.id, cap);
}

/** Every bundle-derived grant a user holds: empty for inactive users (MODEL K7). */
export function userGrants(store: Store, user: UserState): MaskGrant[] {
  if (!user.active) return [];
  const cap = capOf(store, user);
  const out: MaskGrant[] = [];
  for (const id of bundlesOf(store, user).keys()) {
    const b = store.bundles.get(id);
    if (b !== undefined) out.push(...bundleGrants(store, b, cap));
  }
  return out;
}

/** One atomic permission: one action, one scope, one environment, one condition. */
export interface Atom {
  readonly type: string;
  readonly id: string | undefined;
  readonly bit: number;
  readonly env: string | undefined;
  readonly when: string | undefined;
}

/** Splits grants into atoms (MODEL R3 compares these). */
export function atomsOf(grants: readonly MaskGrant[]): Atom[] {
  const out: Atom[] = [];
  for (const g of grants) {
    const when = g.when === undefined ? undefined : canonical(g.when);
    for (let bit = 1; bit <= g.mask; bit <<= 1) {
      if ((g.mask & bit) === 0) continue;
      for (const env of g.env ?? [undefined])
        out.push({ type: g.type.name, id: g.id, bit, env, when });
    }
  }
  return out;
}

/**
 * Whether grants cover an atom: same type and action, at least as wide a
 * scope and environment, and no condition or an identical one (MODEL R3).
 */
export function covers(grants: readonly MaskGrant[], a: Atom): boolean {
  return grants.some(
    (g) =>
      g.type.name === a.type &&
      (g.mask & a.bit) !== 0 &&
      (g.id === undefined || g.id === a.id) &&
      (g.env === undefined || (a.env !== undefined && g.env.includes(a.env))) &&
      (g.when === undefined || canonical(g.when) === a.when),
  );
}

/** The atoms of `after` that `before` did not cover: what a user newly holds. */
export function newlyHeld(before: readonly MaskGrant[], after: readonly MaskGrant[]): Atom[] {
  return atomsOf(after).filter((a) => !covers(before, a));
}
