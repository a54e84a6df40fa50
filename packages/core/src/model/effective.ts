/**
 * @internal What the grant-snapshot compiler needs (MODEL C1): a user's
 * effective permissions as plain data. Not exported from the package entry.
 */
import type { Condition } from '../schema/types.ts';
import { abilityOf } from './ability.ts';
import { userGrants } from './grants.ts';
import { type Model, storeOf } from './model.ts';

/** A grant that holds only under a condition or in some environments, as data the browser evaluates. */
export interface ConditionalGrant {
  readonly type: string;
  readonly id?: string;
  readonly env?: readonly string[];
  readonly actions: readonly string[];
  readonly when?: Condition;
}

/** Everything a user may do, as plain JSON. */
export interface EffectiveGrants {
  readonly userId: string;
  readonly revision: number;
  readonly active: boolean;
  readonly superAdmin: boolean;
  readonly license: string;
  /** Page id → actions held (navigate, edit…). */
  readonly pages: Readonly<Record<string, readonly string[]>>;
  /** Type → actions held on every resource of the type, unconditionally, and per environment. */
  readonly types: Readonly<
    Record<
      string,
      { readonly all: readonly string[]; readonly env: Readonly<Record<string, readonly string[]>> }
    >
  >;
  /** Type → resource id → actions held on that known resource, from every source (bundles, shares, folders, public levels, record rules). */
  readonly resources: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Grants that need a record's fields or environment to decide (for resources the snapshot does not list). */
  readonly conditional: readonly ConditionalGrant[];
  /** Asset id → parent folder id (null for the system folders). */
  readonly assetParents: Readonly<Record<string, string | null>>;
}

/**
 * The effective grants of one user (MODEL C1): page actions, type-level
 * actions per environment, per-resource actions with folder inheritance,
 * conditional grants as data, and the asset tree.
 *
 * @example
 * const g = effectiveGrants(model, 'ann');
 * g.pages['timeline']; // ['navigate']
 */
export function effectiveGrants(model: Model, userId: string): EffectiveGrants {
  const store = storeOf(model);
  const user = store.users.get(userId);
  const a = abilityOf(store, userId);
  const schema = store.schema;
  const pages: Record<string, string[]> = {};
  const types: Record<string, { all: string[]; env: Record<string, string[]> }> = {};
  const resources: Record<string, Record<string, string[]>> = {};
  const conditional: ConditionalGrant[] = [];
  for (const t of schema.types.values()) {
    if (t.kind === 'page') {
      for (const p of schema.pages.keys()) {
        const held = t.actions.filter((act) => a.check(act, { type: 'page', id: p }));
        if (held.length > 0) pages[p] = held;
      }
      continue;
    }
    const env: Record<string, string[]> = {};
    for (const e of t.environments ?? []) {
      const held = t.actions.filter((act) => a.check(act, { type: t.name, env: e }));
      if (held.length > 0) env[e] = held;
    }
    types[t.name] = { all: t.actions.filter((act) => a.check(act, { type: t.name })), env };
    const byId: Record<string, string[]> = {};
    for (const n of store.resources.get(t.name)!.values()) {
      const held = schema.actionsOf(t, a.mask({ type: t.name, id: n.id }));
      if (held.length > 0) byId[n.id] = held;
    }
    resources[t.name] = byId;
  }
  if (user !== undefined && !user.superAdmin)
    for (const g of userGrants(store, user))
      if (g.when !== undefined || g.env !== undefined)
        conditional.push({
          type: g.type.name,
          ...(g.id === undefined ? {} : { id: g.id }),
          ...(g.env === undefined ? {} : { env: g.env }),
          actions: schema.actionsOf(g.type, g.mask),
          ...(g.when === undefined ? {} : { when: g.when }),
        });
  const assetParents: Record<string, string | null> = {};
  for (const n of store.assets.values()) assetParents[n.id] = n.parent?.id ?? null;
  return {
    userId,
    revision: store.revision,
    active: user?.active ?? false,
    superAdmin: (user?.active ?? false) && (user?.superAdmin ?? false),
    license: user?.license ?? 'full',
    pages,
    types,
    resources,
    conditional,
    assetParents,
  };
}
