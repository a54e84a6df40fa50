/** Small helpers shared by screens. */
import type { Resource } from './api';

/** Depth-first list of a tree. */
export function flatten<T extends { children: readonly T[] }>(items: readonly T[]): T[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

/** The display title of a resource: its `title` or `name` field, else its id (as core explains it). */
export function titleOf(r: Pick<Resource, 'id' | 'fields'> | undefined, fallback = ''): string {
  const f = r?.fields as { title?: unknown; name?: unknown } | undefined;
  if (typeof f?.title === 'string') return f.title;
  if (typeof f?.name === 'string') return f.name;
  return r?.id ?? fallback;
}

/** The two system folders (MODEL A5). */
export const HOME = 'home';
export const UNCATEGORIZED = 'uncategorized';
export const SYSTEM_FOLDERS: Resource[] = [
  { type: 'folder', id: HOME, fields: { title: 'Home' } },
  { type: 'folder', id: UNCATEGORIZED, parent: HOME, fields: { title: 'Uncategorized' } },
];

/** "2026-01-05 14:03:12" in local time. */
export const when = (ms: number): string => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
