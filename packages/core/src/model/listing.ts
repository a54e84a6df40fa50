/**
 * What a user sees: menus and search of pages (MODEL N3) and resource
 * listings, assets with the folders on their path (MODEL A6).
 */
import type { Ability } from './ability.ts';
import { MAX_ASSET_DEPTH, type ResourceNode } from './state.ts';
import type { Store } from './store.ts';

/** Pages the user may navigate plus the ancestors needed to reach them, sorted (MODEL N2, N3). */
export function menu(store: Store, a: Ability): string[] {
  const out = new Set<string>();
  for (const p of store.schema.pages.values()) {
    if (!a.check('navigate', { type: 'page', id: p.id })) continue;
    out.add(p.id);
    for (const anc of p.ancestors) out.add(anc);
  }
  return [...out].sort();
}

/** Pages whose id or title contains `query` (case-insensitive) and that the user may navigate (MODEL N3). */
export function search(store: Store, a: Ability, query: string): string[] {
  const q = query.toLowerCase();
  const out: string[] = [];
  for (const p of store.schema.pages.values())
    if (
      (p.id.toLowerCase().includes(q) || p.title.toLowerCase().includes(q)) &&
      a.check('navigate', { type: 'page', id: p.id })
    )
      out.push(p.id);
  return out.sort();
}

/**
 * Ids a listing shows, sorted. `asset`: every asset type, with ancestor
 * folders (MODEL A6); the folder type: visible folders and the folders on the
 * path to any visible asset; another asset type: its visible assets; any other
 * type: the resources on which the user may do at least one action.
 */
export function list(store: Store, a: Ability, type: string): string[] {
  if (a.byType.size === 0) return [];
  const info = store.schema.types.get(type);
  if (type === 'asset' || info?.kind === 'asset') {
    const withPath = type === 'asset' || info?.container === true;
    const out = new Set<string>();
    for (const n of store.assets.values()) {
      if (!a.check('view', { type: n.type.name, id: n.id })) continue;
      if (type === 'asset' || n.type === info) out.add(n.id);
      if (withPath)
        for (
          let p: ResourceNode | undefined = n.parent, i = 0;
          p !== undefined && i < MAX_ASSET_DEPTH;
          p = p.parent, i++
        )
          out.add(p.id);
    }
    return [...out].sort();
  }
  if (info === undefined) return [];
  if (info.kind === 'page')
    return [...store.schema.pages.keys()]
      .filter((id) => info.actions.some((act) => a.check(act, { type, id })))
      .sort();
  const out: string[] = [];
  for (const n of store.resources.get(type)?.values() ?? [])
    if (info.actions.some((act) => a.check(act, { type, id: n.id }))) out.push(n.id);
  return out.sort();
}
