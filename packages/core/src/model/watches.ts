/**
 * Watches (MODEL W2, W3): what each user follows, kept in the model's world so it
 * survives sign-out and travels with checkpoints (`toWorld`/`loadWorld`). Watches are
 * not permissions: they change no check, so no cache is touched.
 */
import { isObject } from '../schema/is-object.ts';
import { abilityOf } from './ability.ts';
import { decide } from './audit-access.ts';
import type { Store } from './store.ts';
import { failInput, ids } from './world.ts';

/**
 * What a watch follows (MODEL W2): one resource (`{ type, id }`), a resource type,
 * optionally only in some environments (`{ type, env }`), or `'mine'` (MODEL W3: the
 * assets the user owns and the resources they last launched).
 */
export type WatchTarget =
  | 'mine'
  | {
      readonly type: string;
      readonly id?: string | undefined;
      readonly env?: readonly string[] | undefined;
    };

/** A watch: its target and the actions it is told about. */
export interface Watch {
  readonly target: WatchTarget;
  readonly actions: readonly string[];
}

/** A watch of one user, as a world lists it (`WorldInput.watches`). */
export interface WatchInput {
  readonly user: string;
  readonly target: WatchTarget;
  readonly actions?: readonly string[];
}

/** Who last launched a resource (MODEL W3), as a world lists it (`WorldInput.launchedBy`). */
export interface LaunchInput {
  readonly type: string;
  readonly id: string;
  readonly user: string;
}

/**
 * The actions a watch follows when none are given (MODEL W2): the lifecycle actions and the
 * sharing changes.
 *
 * @example
 * DEFAULT_WATCH_ACTIONS.includes('pause'); // true
 */
export const DEFAULT_WATCH_ACTIONS: readonly string[] = Object.freeze([
  'launch',
  'pause',
  'edit',
  'share',
  'revoke',
  'setSharing',
  'move',
  'deleteAsset',
]);

const MINE: Watch = Object.freeze({ target: 'mine', actions: DEFAULT_WATCH_ACTIONS });

/** @internal One key per target: watching it again replaces the watch. */
export function watchKey(target: WatchTarget): string {
  if (target === 'mine') return 'mine';
  const env = target.env === undefined ? '' : [...target.env].sort().join(',');
  return `${target.type}\u0000${target.id ?? ''}\u0000${env}`;
}

/** @internal `type\0id`: the key of `Store.launchedBy`. */
export const launchKey = (type: string, id: string) => `${type}\u0000${id}`;

/** @internal A user's watches, the default `mine` (MODEL W3) first unless they opted out. */
export function watchesIn(store: Store, userId: string): Watch[] {
  const own = store.watches.get(userId);
  const out: Watch[] = [];
  if (!store.mineOff.has(userId) && own?.has('mine') !== true) out.push(MINE);
  if (own !== undefined) out.push(...own.values());
  return out;
}

/** @internal Whether `target` covers the resource `type`/`id` for `userId` (now). */
function covers(store: Store, userId: string, target: WatchTarget, type: string, id: string) {
  if (target === 'mine') {
    if (store.launchedBy.get(launchKey(type, id)) === userId) return true;
    const asset = store.schema.types.get(type)?.kind === 'asset' ? store.assets.get(id) : undefined;
    return asset !== undefined && asset.type.name === type && asset.owner === userId;
  }
  if (target.type !== type) return false;
  if (target.id !== undefined) return target.id === id;
  if (target.env === undefined) return true;
  const env = store.resources.get(type)?.get(id)?.env;
  return env !== undefined && target.env.includes(env);
}

/** @internal Whether any of the user's watches follows `action` on `type`/`id` (MODEL W2–W4). */
export function watching(
  store: Store,
  userId: string,
  action: string,
  resource: { readonly type: string; readonly id: string },
): boolean {
  return watchesIn(store, userId).some(
    (w) =>
      w.actions.includes(action) && covers(store, userId, w.target, resource.type, resource.id),
  );
}

/**
 * @internal MODEL W2: may `userId` watch `target`? One resource: what W1 needs to see its
 * events; a type: some action on the type (in one of the environments, when given) or on
 * its page; bundles, groups, users and record types: those who may manage them.
 */
export function mayWatch(store: Store, userId: string, target: WatchTarget): boolean {
  if (target === 'mine') return true;
  if (target.id !== undefined)
    return decide(store, userId, { type: target.type, id: target.id }, 'W1').entry;
  const user = store.users.get(userId);
  if (user === undefined || !user.active) return false;
  if (user.superAdmin) return true;
  const info = store.schema.types.get(target.type);
  // bundles, groups, users, record types as a whole: the W1 decision with no one's id
  if (info === undefined) return decide(store, userId, { type: target.type, id: '' }, 'W1').entry;
  const a = abilityOf(store, userId);
  const page = (p: string | undefined) =>
    p !== undefined && a.check('navigate', { type: 'page', id: p });
  if (page(info.viewPage) || page(info.editPage)) return true;
  const envs = target.env ?? [undefined];
  return envs.some((env) =>
    info.actions.some((action) =>
      a.check(action, env === undefined ? { type: info.name } : { type: info.name, env }),
    ),
  );
}

const TARGET_TYPES = new Set(['bundle', 'group', 'user', 'recordType']);

/** @internal Reads a watch target of a world or an op; `fail(path, message)` on bad input. */
export function readTarget(
  store: Store,
  v: unknown,
  path: string,
  fail: (path: string, message: string) => never,
): WatchTarget {
  if (v === 'mine') return 'mine';
  if (!isObject(v)) return fail(path, 'must be "mine" or { type, id?, env? }');
  for (const k of Object.keys(v))
    if (k !== 'type' && k !== 'id' && k !== 'env') fail(`${path}.${k}`, 'is not a target field');
  const { type, id, env } = v;
  const info = typeof type === 'string' ? store.schema.types.get(type) : undefined;
  if (info === undefined && !TARGET_TYPES.has(type as string))
    fail(`${path}.type`, `unknown type ${JSON.stringify(type)}`);
  if (id !== undefined && (typeof id !== 'string' || !exists(store, type as string, id)))
    fail(`${path}.id`, `unknown ${type as string} ${JSON.stringify(id)}`);
  const envs = env === undefined ? undefined : typeof env === 'string' ? [env] : env;
  if (envs !== undefined) {
    if (id !== undefined) fail(`${path}.env`, 'give env with a type, not with one resource');
    if (!Array.isArray(envs) || envs.length === 0)
      fail(`${path}.env`, 'must be an environment or a non-empty list of them');
    envs.forEach((e: unknown, i) => {
      if (typeof e !== 'string' || info?.environments?.has(e) !== true)
        fail(`${path}.env[${i}]`, `${type as string} has no environment ${JSON.stringify(e)}`);
    });
  }
  return {
    type: type as string,
    ...(id === undefined ? {} : { id: id as string }),
    ...(envs === undefined ? {} : { env: [...new Set(envs as string[])].sort() }),
  };
}

function exists(store: Store, type: string, id: string): boolean {
  switch (type) {
    case 'bundle':
      return store.bundles.has(id);
    case 'group':
      return store.groups.has(id);
    case 'user':
      return store.users.has(id);
    case 'recordType':
      return store.schema.types.get(id)?.kind === 'record';
  }
  return store.resources.get(type)?.has(id) === true;
}

/** @internal Sets (or, with `actions` undefined, removes) one watch of a user, journaled. */
export function setWatch(
  store: Store,
  userId: string,
  target: WatchTarget,
  actions: readonly string[] | undefined,
): void {
  const next = new Map(store.watches.get(userId));
  const key = watchKey(target);
  if (actions === undefined) next.delete(key);
  else next.set(key, Object.freeze({ target, actions: Object.freeze([...actions]) }));
  if (next.size === 0) store.remove(store.watches, userId);
  else store.put(store.watches, userId, next);
  // MODEL W3: unwatching `mine` opts out of the default; watching it opts back in.
  if (target === 'mine') {
    if (actions === undefined) store.add(store.mineOff, userId);
    else store.delete(store.mineOff, userId);
  }
}

/** @internal Loads `watches`, `unwatchedMine` and `launchedBy` of a world. */
export function loadWatches(store: Store, input: Record<string, unknown>): void {
  const { watches, unwatchedMine, launchedBy } = input;
  if (watches !== undefined) {
    if (!Array.isArray(watches)) failInput('watches', 'must be a list');
    watches.forEach((w: unknown, i) => {
      const path = `watches[${i}]`;
      if (!isObject(w)) failInput(path, 'must be { user, target, actions? }');
      if (typeof w.user !== 'string' || !store.users.has(w.user))
        failInput(`${path}.user`, `unknown user ${JSON.stringify(w.user)}`);
      const target = readTarget(store, w.target, `${path}.target`, failInput);
      const actions = w.actions ?? DEFAULT_WATCH_ACTIONS;
      if (!Array.isArray(actions) || actions.some((a) => typeof a !== 'string' || a === ''))
        failInput(`${path}.actions`, 'must be a list of actions');
      setWatch(store, w.user, target, actions as string[]);
    });
  }
  for (const u of ids(unwatchedMine, 'unwatchedMine', (id) => store.users.has(id), 'user'))
    store.mineOff.add(u);
  if (launchedBy !== undefined) {
    if (!Array.isArray(launchedBy)) failInput('launchedBy', 'must be a list');
    launchedBy.forEach((l: unknown, i) => {
      const path = `launchedBy[${i}]`;
      if (!isObject(l) || typeof l.type !== 'string' || typeof l.id !== 'string')
        failInput(path, 'must be { type, id, user }');
      if (store.resources.get(l.type)?.has(l.id) !== true)
        failInput(`${path}.id`, `unknown ${l.type} ${JSON.stringify(l.id)}`);
      if (typeof l.user !== 'string' || !store.users.has(l.user))
        failInput(`${path}.user`, `unknown user ${JSON.stringify(l.user)}`);
      store.launchedBy.set(launchKey(l.type, l.id), l.user);
    });
  }
}

/** @internal The world's `watches`, `unwatchedMine` and `launchedBy` (only what exists). */
export function watchesWorld(store: Store): {
  watches?: WatchInput[];
  unwatchedMine?: string[];
  launchedBy?: LaunchInput[];
} {
  const watches: WatchInput[] = [];
  for (const [user, own] of store.watches)
    for (const w of own.values())
      watches.push({
        user,
        target: w.target === 'mine' ? 'mine' : { ...w.target },
        actions: [...w.actions],
      });
  const launchedBy: LaunchInput[] = [];
  for (const [key, user] of store.launchedBy) {
    const [type, id] = key.split('\u0000') as [string, string];
    if (store.resources.get(type)?.has(id) === true) launchedBy.push({ type, id, user });
  }
  return {
    ...(watches.length > 0 ? { watches } : {}),
    ...(store.mineOff.size > 0 ? { unwatchedMine: [...store.mineOff].sort() } : {}),
    ...(launchedBy.length > 0 ? { launchedBy } : {}),
  };
}
