/**
 * `watch` and `unwatch` (MODEL W2, W3): a user follows (or stops following) a resource,
 * a type or `mine`. Neither changes a permission, is audited or is activity (FORMAT.md).
 */
import { DEFAULT_WATCH_ACTIONS, mayWatch, readTarget, setWatch } from '../model/watches.ts';
import type { OpContext } from './context.ts';

/**
 * MODEL K7: an inactive user has no authority for any operation; their watches are refused
 * with `W2`, as a watch of what they may not see is (mine and unwatch included).
 */
function refuseInactive(ctx: OpContext): void {
  if (!ctx.actor.active)
    ctx.refuse(
      'W2',
      `${ctx.actor.id} is inactive (MODEL K7), so may not change their watches`,
      'Ask an administrator to activate the user first',
    );
}

/** MODEL W2: watch what the actor may see; refused with `W2` otherwise (inactive users too). */
export function watch(ctx: OpContext): void {
  const target = readTarget(ctx.store, ctx.args.target, 'args.target', (p, m) => ctx.invalid(p, m));
  refuseInactive(ctx);
  if (!mayWatch(ctx.store, ctx.actor.id, target))
    ctx.refuse(
      'W2',
      `${ctx.actor.id} may not see ${target === 'mine' ? 'that' : describe(target)}, so may not watch it`,
      'Ask for access to it first',
    );
  const actions = (ctx.args.actions as readonly string[] | undefined) ?? DEFAULT_WATCH_ACTIONS;
  setWatch(ctx.store, ctx.actor.id, target, [...new Set(actions)]);
}

/** MODEL W2, W3: stop a watch (`mine`: opt out of the default watches); `W2` when inactive. */
export function unwatch(ctx: OpContext): void {
  const target = readTarget(ctx.store, ctx.args.target, 'args.target', (p, m) => ctx.invalid(p, m));
  refuseInactive(ctx);
  setWatch(ctx.store, ctx.actor.id, target, undefined);
}

const describe = (t: { readonly type: string; readonly id?: string | undefined }) =>
  t.id === undefined ? `${t.type} resources` : `${t.type} "${t.id}"`;
