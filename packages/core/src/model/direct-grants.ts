/**
 * Direct grants on single resources (MODEL N13): what `grantOn` gives one user on one
 * resource of a type with levels (surveys, programs, email templates). They are not
 * bundle-derived (so not "held" for MODEL R3), apply to that one resource alone (K5:
 * never to a type-level check) and outlive the grantor's own access.
 */
import { isObject } from '../schema/is-object.ts';
import type { CompiledType } from '../schema/schema.ts';
import { type Cap, capMask } from './grants.ts';
import type { DirectGrant, DirectGrantInput, UserState } from './state.ts';
import type { Store } from './store.ts';
import { failInput } from './world.ts';

/**
 * MODEL N13: a type with levels, on whose resources `admin` may be granted directly: a
 * module type with an `admin` action that implies other actions.
 */
export function isLevelledType(t: CompiledType | undefined): t is CompiledType {
  if (t === undefined || t.kind !== 'module') return false;
  const i = t.actions.indexOf('admin');
  return i >= 0 && (t.closure[i]! & ~(1 << i)) !== 0;
}

/** A user's direct grants (none when they have none). */
export function directGrantsOf(store: Store, userId: string): readonly DirectGrant[] {
  return store.directGrants.get(userId) ?? [];
}

/** The actions a user was granted directly on one resource (empty: none). */
export function directActions(
  store: Store,
  userId: string,
  type: string,
  id: string,
): readonly string[] {
  return directGrantsOf(store, userId).find((g) => g.type === type && g.id === id)?.actions ?? [];
}

/** A direct grant closed over implications (resource level, MODEL K4) and capped (N5). */
export interface DirectMask {
  readonly type: CompiledType;
  readonly id: string;
  readonly mask: number;
}

/** What a user's direct grants give, closed and capped; nothing while inactive (MODEL K7). */
export function directMasks(store: Store, user: UserState, cap: Cap | undefined): DirectMask[] {
  if (!user.active) return [];
  const out: DirectMask[] = [];
  for (const g of directGrantsOf(store, user.id)) {
    const type = store.schema.types.get(g.type);
    if (type === undefined) continue;
    const mask = capMask(cap, type.name, g.id, store.schema.mask(type, g.actions, false));
    if (mask !== 0) out.push({ type, id: g.id, mask });
  }
  return out;
}

/**
 * Sets (or, with no actions, removes) a user's direct grant on one resource, journaled so a
 * refused operation leaves nothing behind (MODEL R4).
 */
export function setDirectActions(
  store: Store,
  userId: string,
  type: string,
  id: string,
  actions: readonly string[],
): void {
  const rest = directGrantsOf(store, userId).filter((g) => g.type !== type || g.id !== id);
  const next = actions.length === 0 ? rest : [...rest, { type, id, actions: [...actions] }];
  if (next.length === 0) store.remove(store.directGrants, userId);
  else store.put(store.directGrants, userId, next);
  store.touchUser(userId);
}

/**
 * Removes every user's direct grant on one resource (journaled) and answers what it removed:
 * the resource is gone, and a later one with its id is another thing that no one was granted
 * anything on (MODEL N13).
 */
export function dropDirectGrantsOn(
  store: Store,
  type: string,
  id: string,
): { user: string; actions: string[] }[] {
  const dropped: { user: string; actions: string[] }[] = [];
  for (const userId of [...store.directGrants.keys()]) {
    const actions = directActions(store, userId, type, id);
    if (actions.length === 0) continue;
    dropped.push({ user: userId, actions: [...actions] });
    setDirectActions(store, userId, type, id, []);
  }
  return dropped;
}

/** Loads `directGrants` of a world (after users and resources), naming the JSON path of a problem. */
export function loadDirectGrants(store: Store, list: unknown): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) failInput('directGrants', 'must be a list');
  list.forEach((g, i) => {
    const at = `directGrants[${i}]`;
    if (!isObject(g)) failInput(at, 'must be an object');
    const type = store.schema.types.get(String(g.type));
    if (!isLevelledType(type))
      failInput(`${at}.type`, `${JSON.stringify(g.type)} is not a type with levels (MODEL N13)`);
    if (typeof g.id !== 'string' || store.resources.get(type.name)?.has(g.id) !== true)
      failInput(`${at}.id`, `unknown ${type.name} ${JSON.stringify(g.id)}`);
    if (typeof g.user !== 'string' || !store.users.has(g.user))
      failInput(`${at}.user`, `unknown user ${JSON.stringify(g.user)}`);
    if (!Array.isArray(g.actions) || g.actions.length === 0)
      failInput(`${at}.actions`, 'must be a non-empty list of actions');
    g.actions.forEach((a, j) => {
      if (typeof a !== 'string' || !type.bits.has(a))
        failInput(`${at}.actions[${j}]`, `${type.name} has no action ${JSON.stringify(a)}`);
    });
    const had = directActions(store, g.user, type.name, g.id);
    setDirectActions(store, g.user, type.name, g.id, [
      ...new Set([...had, ...(g.actions as string[])]),
    ]);
  });
}

/** The direct grants of a store as world data, in a stable order (for `toWorld`). */
export function directGrantsWorld(store: Store): DirectGrantInput[] {
  const out: DirectGrantInput[] = [];
  for (const [user, grants] of store.directGrants)
    for (const g of grants) out.push({ type: g.type, id: g.id, user, actions: [...g.actions] });
  return out.sort((a, b) =>
    `${a.type}\u0000${a.id}\u0000${a.user}` < `${b.type}\u0000${b.id}\u0000${b.user}` ? -1 : 1,
  );
}
