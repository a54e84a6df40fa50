/**
 * One resource id, several lives: an asset, bundle or group deleted and later created again
 * with the same id, or a draft copy's id given again after the copy was published (MODEL
 * E1), is another thing. What was audited about the earlier one (its shares,
 * members, fields) is not about what a reader may view now (MODEL E5, W1), so the trails,
 * feeds and notifications of anyone but an active super admin leave it out.
 */
import type { Storage, StoredAudit } from '../storage/types.ts';

/** Who reads every life of every resource: active super admins (MODEL K3, K7). */
export interface Reader {
  readonly active: boolean;
  readonly superAdmin: boolean;
}

const keyOf = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * `rows` without the entries about an earlier life of their resource: those at or before
 * the latest entry that ended its life (a deletion, or a published draft copy's removal). An active super admin gets `rows` unchanged.
 *
 * @example
 * ```ts
 * const entries = await currentLives(storage, 'acme', model.getUser('bob'), rows);
 * ```
 */
export async function currentLives<E extends StoredAudit>(
  storage: Storage,
  tenant: string,
  reader: Reader | undefined,
  rows: readonly E[],
): Promise<E[]> {
  if (reader?.active === true && reader.superAdmin) return [...rows];
  // one indexed query for the tenant's ended lives (few), not one per resource type read
  const ended = await storage.activity.lifeEnds(tenant);
  if (ended.size === 0) return [...rows];
  return rows.filter((r) => {
    const end = ended.get(keyOf(r.resource.type, r.resource.id));
    return end === undefined || r.seq > end;
  });
}
