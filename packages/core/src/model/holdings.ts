/**
 * Record permissions a user holds through sharing rules (MODEL D3–D5), as atoms that MODEL
 * R3 compares: a `setUser` by someone who may not change sharing settings (D8) may not give
 * anyone a record permission the actor does not hold.
 */
import { canonical, matches } from '../schema/criteria.ts';
import { capOf, dataCap } from './grants.ts';
import { activeReports, subjectOf } from './membership.ts';
import type { UserState } from './state.ts';
import type { Store } from './store.ts';

/** One record permission: an action on the records of a type that meet `advice` (undefined: every record). */
export interface RecordAtom {
  readonly type: string;
  readonly action: string;
  readonly advice: string | undefined;
}

/**
 * The record permissions sharing rules give a user: their own and, through D5, those of
 * every active report below them. Empty for inactive users (MODEL K7); record types that
 * give everyone read/write are left out (they give everyone the same, MODEL D1).
 */
export function recordAtoms(store: Store, user: UserState): RecordAtom[] {
  if (!user.active) return [];
  const people = [user, ...activeReports(store, user.id)];
  const capped = capOf(store, user) !== undefined;
  const out: RecordAtom[] = [];
  for (const settings of store.recordTypes.values()) {
    if (settings.everyone) continue;
    const info = store.schema.types.get(settings.type);
    if (info === undefined) continue;
    const allowed = capped ? store.schema.actionsOf(info, dataCap(store.schema, info)) : undefined;
    for (const rule of settings.rules) {
      const reaches = people.some(
        (p) => rule.criteria === undefined || matches(rule.criteria, subjectOf(store, p)),
      );
      if (!reaches) continue;
      const advice =
        rule.advice === undefined || rule.advice.length === 0 ? undefined : canonical(rule.advice);
      for (const action of rule.actions)
        if (allowed === undefined || allowed.includes(action))
          out.push({ type: settings.type, action, advice });
    }
  }
  return out;
}

/** Whether `held` covers `a`: the same action on the same type, for every record or the same records. */
export function coversRecord(held: readonly RecordAtom[], a: RecordAtom): boolean {
  return held.some(
    (h) =>
      h.type === a.type &&
      h.action === a.action &&
      (h.advice === undefined || h.advice === a.advice),
  );
}

/** The user and everyone above them in the manager chain (MODEL D5); cycles cannot loop. */
export function managerChain(store: Store, userId: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let id: string | undefined = userId; id !== undefined && !seen.has(id); ) {
    seen.add(id);
    out.push(id);
    id = store.users.get(id)?.managerId;
  }
  return out;
}
