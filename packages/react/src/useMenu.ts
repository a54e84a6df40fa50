import type { ClientState, GrantkitClient } from './types.ts';
import { useClientSelector } from './useCan.ts';

/**
 * A page of the navigation tree as a schema declares it (MODEL N1).
 *
 * @example
 * ```ts
 * const pages: MenuPage[] = [{ id: 'jo', title: 'Journeys' }, { id: 'jo.surveys', title: 'Surveys', parent: 'jo' }];
 * ```
 */
export interface MenuPage {
  readonly id: string;
  readonly title?: string | undefined;
  readonly parent?: string | undefined;
}

/**
 * One entry of the menu {@link useMenu} returns.
 *
 * @example
 * ```tsx
 * const Item = ({ item }: { item: MenuItem }) =>
 *   item.navigable ? <a href={`/${item.id}`}>{item.title}</a> : <span>{item.title}</span>;
 * ```
 */
export interface MenuItem {
  readonly id: string;
  readonly title: string;
  /**
   * `true` when the user may navigate the page itself; `false` for an ancestor shown only
   * so a navigable page below it can be reached (MODEL N3): render it as a heading, not a link.
   */
  readonly navigable: boolean;
  readonly children: readonly MenuItem[];
}

/**
 * The pages the snapshot's menu carries (`[id, title, parent?]`, MODEL N3). Without parent
 * links (format 1 ships `[id, title]`) the menu is flat.
 */
function pagesOf(state: ClientState): readonly MenuPage[] {
  const menu = (state.snapshot as { menu?: unknown } | null)?.menu;
  if (!Array.isArray(menu)) return [];
  return menu.flatMap((entry): MenuPage[] => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') return [];
    const [id, title, parent] = entry as [string, unknown, unknown];
    return [
      {
        id,
        ...(typeof title === 'string' ? { title } : {}),
        ...(typeof parent === 'string' ? { parent } : {}),
      },
    ];
  });
}

/**
 * @internal The menu of MODEL N3: navigable pages plus the ancestors needed to reach them, in
 * page order. `listed`: the pages are the menu already (the snapshot's), keep every one.
 */
export function buildMenu(
  client: GrantkitClient,
  pages: readonly MenuPage[],
  listed = false,
): MenuItem[] {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const shown = new Map<string, boolean>();
  for (const page of pages) {
    const navigable = client.can('navigate', { type: 'page', id: page.id });
    if (listed && !shown.has(page.id)) shown.set(page.id, navigable);
    if (!navigable) continue;
    shown.set(page.id, true);
    for (let p = byId.get(page.parent ?? ''); p !== undefined; p = byId.get(p.parent ?? ''))
      if (!shown.has(p.id)) shown.set(p.id, false);
  }
  const items = new Map<
    string,
    { id: string; title: string; navigable: boolean; children: MenuItem[] }
  >();
  const roots: MenuItem[] = [];
  for (const page of pages) {
    const navigable = shown.get(page.id);
    if (navigable === undefined) continue;
    const item = { id: page.id, title: page.title ?? page.id, navigable, children: [] };
    items.set(page.id, item);
    const parent = page.parent === undefined ? undefined : items.get(page.parent);
    (parent?.children ?? roots).push(item);
  }
  return roots;
}

const sameMenu = (a: readonly MenuItem[], b: readonly MenuItem[]): boolean =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i]!;
    return (
      x.id === y.id &&
      x.title === y.title &&
      x.navigable === y.navigable &&
      sameMenu(x.children, y.children)
    );
  });

/**
 * The navigation menu of the signed-in user (MODEL N3): the pages they may navigate plus the
 * ancestors needed to reach them, as a tree in the schema's page order. Granting a page does
 * not grant the pages below it (MODEL N2). The result keeps its identity until the menu
 * changes. Pass the schema's pages (`schema.def.pages`) for the tree in declared order;
 * without them the menu the snapshot carries is used (flat when it has no parent links).
 *
 * @example
 * ```tsx
 * function Nav() {
 *   const menu = useMenu(schema.def.pages);
 *   const render = (items: readonly MenuItem[]) => (
 *     <ul>
 *       {items.map((item) => (
 *         <li key={item.id}>
 *           {item.navigable ? <a href={`/${item.id}`}>{item.title}</a> : item.title}
 *           {item.children.length > 0 && render(item.children)}
 *         </li>
 *       ))}
 *     </ul>
 *   );
 *   return <nav aria-label="Main">{render(menu)}</nav>;
 * }
 * ```
 */
export function useMenu(pages?: readonly MenuPage[]): readonly MenuItem[] {
  return useClientSelector(
    'useMenu',
    (client, state) => (pages ? buildMenu(client, pages) : buildMenu(client, pagesOf(state), true)),
    sameMenu,
  );
}
