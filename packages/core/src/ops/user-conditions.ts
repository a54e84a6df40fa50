/**
 * Conditions that compare a record with the checking user's own attribute (MODEL R2:
 * `{ field: 'region', op: '=', user: 'region' }`) mean what that attribute says. MODEL R3
 * counts such a grant as held when the actor holds the same condition, so giving a role
 * with one is judged by its text; but a `setUser` that changes the attribute changes what
 * a grant the user already holds opens (an EU user's "engagements of my region" become the
 * US ones). R3's rule for `setUser` (every permission anyone newly holds must be one the
 * actor holds) is applied here to that meaning: the condition with the user's own values
 * put in.
 */
import { type Atom, atomsOf, covers, type MaskGrant, userGrants } from '../model/grants.ts';
import type { UserState } from '../model/state.ts';
import type { Store } from '../model/store.ts';
import type { Condition } from '../schema/types.ts';

/** Whether a condition compares with a user attribute other than the id (which never changes). */
function userRelative(c: Condition): boolean {
  if ('field' in c) return 'user' in c && c.user !== 'id';
  if ('all' in c) return c.all.some(userRelative);
  if ('any' in c) return c.any.some(userRelative);
  return userRelative(c.not);
}

/**
 * The condition as it reads for `u`: each `user: attr` replaced by u's value, or by a mark
 * that matches nothing when u has none (a comparison with a missing attribute is false).
 */
function resolve(c: Condition, u: UserState): unknown {
  if ('field' in c) {
    if (!('user' in c)) return c;
    const v = c.user === 'id' ? u.id : u.attributes[c.user];
    return v === undefined || v === null
      ? { field: c.field, op: c.op, unsetUserAttribute: c.user }
      : { field: c.field, op: c.op, value: v };
  }
  if ('all' in c) return { all: c.all.map((x) => resolve(x, u)) };
  if ('any' in c) return { any: c.any.map((x) => resolve(x, u)) };
  return { not: resolve(c.not, u) };
}

/** Grants with their conditions resolved for `u` (compared by `covers`, which reads them as text). */
const resolved = (grants: readonly MaskGrant[], u: UserState): MaskGrant[] =>
  grants.map((g) =>
    g.when === undefined || !userRelative(g.when)
      ? g
      : { ...g, when: resolve(g.when, u) as Condition },
  );

/** A permission a change would newly open and the actor lacks, for the refusal's message. */
export interface ConditionGain {
  readonly user: string;
  readonly what: string;
  readonly fix: string;
}

/**
 * Taken before a `setUser` changes `target`'s attributes; called after the change, the
 * first grant the target held before (same text, MODEL R3) whose resolved condition now
 * opens records the target did not reach and the actor (as the actor read before the
 * change) does not reach either. Grants new to the target are left to R3's text rule.
 */
export function userConditionProbe(
  store: Store,
  actor: UserState,
  target: UserState,
): () => ConditionGain | undefined {
  const textBefore = userGrants(store, target);
  const meantBefore = resolved(textBefore, target);
  const held = resolved(userGrants(store, actor), actor);
  return () => {
    for (const g of userGrants(store, target)) {
      if (g.when === undefined || !userRelative(g.when)) continue;
      const text = atomsOf([g]);
      const meant = atomsOf(resolved([g], target));
      for (const [i, a] of meant.entries()) {
        if (!covers(textBefore, text[i]!)) continue; // new to the target: R3's text rule
        if (covers(meantBefore, a) || covers(held, a)) continue;
        return { user: target.id, what: describe(store, a), fix: FIX };
      }
    }
    return undefined;
  };
}

const FIX = 'Give users only attribute values under which you hold the same, or ask a super admin';

function describe(store: Store, a: Atom): string {
  const t = store.schema.types.get(a.type)!;
  const action = store.schema.actionsOf(t, a.bit)[0];
  const scope = a.id === undefined ? `every ${a.type}` : `${a.type} "${a.id}"`;
  return `${action} on ${scope}${a.env === undefined ? '' : ` in ${a.env}`} where ${a.when ?? 'its condition'}`;
}
