/**
 * Direct grants on one resource (MODEL N13): a holder of `admin` on one resource of a
 * type with levels (surveys, programs, email templates), at resource or module level,
 * grants (`grantOn`) or takes back (`revokeOn`) that type's actions on that one resource
 * to another user, never to themselves; others are refused with N13. Audited under the
 * resource (MODEL E5); the grants outlive the grantor's own access.
 */
import { directActions, isLevelledType, setDirectActions } from '../model/direct-grants.ts';
import type { CompiledType } from '../schema/schema.ts';
import type { OpContext } from './context.ts';

interface Target {
  readonly type: CompiledType;
  readonly id: string;
  readonly user: string;
}

/** Reads and authorises the resource and the user of a grantOn/revokeOn (MODEL K9: authority first). */
function target(ctx: OpContext): Target {
  const res = ctx.object('resource');
  const type = ctx.store.schema.types.get(String(res.type));
  if (!isLevelledType(type))
    ctx.invalid(
      'args.resource.type',
      `${JSON.stringify(res.type)} is not a type with levels (an admin action that implies others)`,
    );
  const id = String(res.id);
  const user = ctx.user('user').id;
  const actions = ctx.args.actions as readonly string[] | undefined;
  actions?.forEach((a, i) => {
    if (!type.bits.has(a))
      ctx.invalid(
        `args.actions[${i}]`,
        `${type.name} has no action "${a}" (it has ${type.actions.join(', ')})`,
      );
  });
  if (!ctx.can('admin', { type: type.name, id }))
    ctx.refuse(
      'N13',
      `${ctx.actor.id} does not hold admin on ${type.name} "${id}"`,
      `Ask an admin of this ${type.name}, or a super admin`,
    );
  if (user === ctx.actor.id)
    ctx.refuse(
      'N13',
      `${ctx.actor.id} may not change their own grants on ${type.name} "${id}"`,
      `Ask another admin of this ${type.name}`,
    );
  return { type, id, user };
}

function apply(ctx: OpContext, t: Target, next: readonly string[]): void {
  const had = directActions(ctx.store, t.user, t.type.name, t.id);
  if (next.length === had.length && next.every((a) => had.includes(a))) return; // not audited
  setDirectActions(ctx.store, t.user, t.type.name, t.id, next);
  ctx.audit(
    ctx.op,
    t.type.name,
    t.id,
    { user: t.user, actions: [...had] },
    { user: t.user, actions: [...next] },
  );
}

/** MODEL N13: grants actions on one resource to another user (added to what they have there). */
export function grantOn(ctx: OpContext): void {
  const t = target(ctx);
  const had = directActions(ctx.store, t.user, t.type.name, t.id);
  const actions = ctx.args.actions as readonly string[];
  apply(ctx, t, [...new Set([...had, ...actions])]);
}

/** MODEL N13: takes back the named actions (all of them without `actions`) granted on one resource. */
export function revokeOn(ctx: OpContext): void {
  const t = target(ctx);
  const actions = ctx.args.actions as readonly string[] | undefined;
  const had = directActions(ctx.store, t.user, t.type.name, t.id);
  apply(ctx, t, actions === undefined ? [] : had.filter((a) => !actions.includes(a)));
}
