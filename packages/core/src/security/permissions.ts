/**
 * Every permission a user holds, as the public model answers it (`check`): each
 * page action, each module-level action of every type, each action on every
 * module resource, asset (folders and dashboards, at every level) and record
 * of the generated worlds. Held as one bit per permission for fast comparison.
 */
import type { Model } from '../model/model.ts';
import type { ResourceRef } from '../schema/types.ts';
import { ASSETS, ENGAGEMENTS, FOLDERS, RECORDS } from './worlds.ts';

/** One permission: an action on a resource (or on a whole type). */
export interface Perm {
  readonly action: string;
  readonly ref: ResourceRef;
  /** `type:id:action` (`type::action` at type level). */
  readonly key: string;
}

/** The permissions a user holds, one byte per entry of the universe. */
export type PermSet = Uint8Array;

const FOLDER_IDS: ReadonlySet<string> = new Set(['home', 'uncategorized', ...FOLDERS]);
const DASHBOARD_IDS: ReadonlySet<string> = new Set(['d1', 'd2', 'd3']);

/** Every permission probed for a model's schema and the generated ids. */
export function universe(model: Model): Perm[] {
  const out: Perm[] = [];
  const add = (ref: ResourceRef, actions: readonly string[]) => {
    for (const action of actions)
      out.push({ action, ref, key: `${ref.type}:${ref.id ?? ''}:${action}` });
  };
  const actionsOf = (type: string) => model.schema.types.get(type)?.actions ?? [];
  for (const t of model.schema.types.values()) add({ type: t.name }, t.actions);
  for (const p of model.schema.pages.keys()) add({ type: 'page', id: p }, actionsOf('page'));
  add({ type: 'survey', id: 's1' }, actionsOf('survey'));
  for (const id of ENGAGEMENTS) add({ type: 'engagement', id }, actionsOf('engagement'));
  for (const id of ASSETS) {
    // New ids (`nf`, `nd`) may be created as either type.
    if (!DASHBOARD_IDS.has(id)) add({ type: 'folder', id }, actionsOf('folder'));
    if (!FOLDER_IDS.has(id)) add({ type: 'dashboard', id }, actionsOf('dashboard'));
  }
  for (const [type, ids] of Object.entries(RECORDS))
    for (const id of ids) add({ type, id }, actionsOf(type));
  return out;
}

/** What `user` holds of `perms` now. */
export function permsOf(model: Model, user: string, perms: readonly Perm[]): PermSet {
  const out = new Uint8Array(perms.length);
  const me = model.forUser(user);
  for (let i = 0; i < perms.length; i++) {
    const p = perms[i]!;
    if (me.check(p.action as never, p.ref)) out[i] = 1;
  }
  return out;
}

/** Indexes of the permissions held in `after` but not in `before`. */
export function gained(before: PermSet, after: PermSet): number[] {
  const out: number[] = [];
  for (let i = 0; i < after.length; i++) if (after[i] === 1 && before[i] !== 1) out.push(i);
  return out;
}
