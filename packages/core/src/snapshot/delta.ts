/**
 * Snapshot deltas: what changed from one revision's snapshot to another's, down to
 * single ids in id sets, or `null` when sending the full snapshot is cheaper.
 */
import {
  decodeIds,
  encodeIds,
  forEachId,
  frontCode,
  type GrantSnapshot,
  type IdSet,
  type TypeEntry,
} from './format.ts';

/** Changes to one id set. */
export interface IdSetPatch {
  readonly add?: IdSet;
  readonly del?: IdSet;
}

/** Changes to one type entry: keys replaced or deleted, id-set groups edited (`null` removes a group). */
export interface TypePatch {
  readonly set?: Readonly<Record<string, unknown>>;
  readonly del?: readonly string[];
  readonly groups?: Readonly<Record<string, Readonly<Record<string, IdSetPatch | null>>>>;
}

/** A delta from the snapshot of revision `from` to that of revision `to`. */
export interface SnapshotPatch {
  readonly format: 1;
  readonly from: number;
  readonly to: number;
  readonly issuedAt: number;
  readonly maxStale: number;
  /** Top-level fields replaced (`menu`, `src`, `active`…). */
  readonly set?: Readonly<Record<string, unknown>>;
  readonly del?: readonly string[];
  /** Per type: a patch, or `null` to remove the type. */
  readonly types?: Readonly<Record<string, TypePatch | null>>;
}

const HEADER = new Set([
  'format',
  'tenant',
  'user',
  'revision',
  'issuedAt',
  'maxStale',
  'viewAs',
  'types',
]);
const GROUPS = new Set(['i', 'k', 'g', 'p', 'up', 'ul']);
/** Above this share of the full snapshot's size, a delta is not worth it. */
const MAX_DELTA_SHARE = 0.6;

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

function diffType(a: TypeEntry | undefined, b: TypeEntry): TypePatch | undefined {
  const set: Record<string, unknown> = {};
  const del: string[] = [];
  const groups: Record<string, Record<string, IdSetPatch | null>> = {};
  const ra = (a ?? {}) as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const x = ra[key];
    const y = rb[key];
    if (y === undefined) {
      if (x !== undefined) del.push(key);
      continue;
    }
    if (!GROUPS.has(key) || x === undefined) {
      if (!same(x, y)) set[key] = y;
      continue;
    }
    const gx = x as Record<string, IdSet>;
    const gy = y as Record<string, IdSet>;
    const edits: Record<string, IdSetPatch | null> = {};
    for (const g of new Set([...Object.keys(gx), ...Object.keys(gy)])) {
      const before = gx[g];
      const after = gy[g];
      if (after === undefined) {
        edits[g] = null;
        continue;
      }
      if (before !== undefined && same(before, after)) continue;
      const old = new Set(before === undefined ? [] : decodeIds(before));
      const now = decodeIds(after);
      const nowSet = new Set(now);
      const add = now.filter((id) => !old.has(id));
      const gone = [...old].filter((id) => !nowSet.has(id));
      edits[g] = {
        ...(add.length > 0 ? { add: encodeIds(add) } : {}),
        ...(gone.length > 0 ? { del: encodeIds(gone) } : {}),
      };
    }
    if (Object.keys(edits).length > 0) groups[key] = edits;
  }
  if (Object.keys(set).length === 0 && del.length === 0 && Object.keys(groups).length === 0)
    return undefined;
  return {
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(del.length > 0 ? { del } : {}),
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
  };
}

/**
 * The delta from snapshot `a` to snapshot `b` of the same user and tenant, or `null`
 * when they are not comparable or the full `b` is about as small.
 *
 * @example
 * ```ts
 * const patch = diffSnapshots(old, current);
 * const body = patch === null ? { kind: 'full', snapshot: current } : { kind: 'delta', from: old.revision, to: current.revision, patch };
 * ```
 */
export function diffSnapshots(a: GrantSnapshot, b: GrantSnapshot): SnapshotPatch | null {
  if (a.format !== b.format || a.tenant !== b.tenant || a.user !== b.user || a.viewAs !== b.viewAs)
    return null;
  const set: Record<string, unknown> = {};
  const del: string[] = [];
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (HEADER.has(key)) continue;
    if (rb[key] === undefined) del.push(key);
    else if (!same(ra[key], rb[key])) set[key] = rb[key];
  }
  const types: Record<string, TypePatch | null> = {};
  for (const name of new Set([...Object.keys(a.types), ...Object.keys(b.types)])) {
    const y = b.types[name];
    if (y === undefined) types[name] = null;
    else {
      const p = diffType(a.types[name], y);
      if (p !== undefined) types[name] = p;
    }
  }
  const patch: SnapshotPatch = {
    format: b.format,
    from: a.revision,
    to: b.revision,
    issuedAt: b.issuedAt,
    maxStale: b.maxStale,
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(del.length > 0 ? { del } : {}),
    ...(Object.keys(types).length > 0 ? { types } : {}),
  };
  if (JSON.stringify(patch).length > MAX_DELTA_SHARE * JSON.stringify(b).length) return null;
  return patch;
}

/**
 * Applies a delta to the snapshot it was made from; throws when `a` is not at `patch.from`.
 *
 * @example
 * ```ts
 * const current = applyDelta(cached, patch); // deep-equals the server's current snapshot
 * ```
 */
export function applyDelta(a: GrantSnapshot, patch: SnapshotPatch): GrantSnapshot {
  if (a.revision !== patch.from || a.format !== patch.format)
    throw new Error(
      // bundlers replace `process.env.NODE_ENV`: the revisions are for development builds
      // (the client only catches this error and fetches the full snapshot)
      process.env.NODE_ENV !== 'production'
        ? `a delta from revision ${patch.from} (format ${patch.format}) does not apply to ${a.revision}`
        : 'delta does not apply',
    );
  const types: Record<string, object> = { ...a.types };
  for (const name in patch.types) {
    const tp = patch.types[name];
    if (!tp) {
      delete types[name];
      continue;
    }
    const entry = edit(types[name], tp);
    types[name] = entry;
    for (const key in tp.groups) {
      const edits = tp.groups[key]!;
      const groups = { ...(entry[key] as Record<string, IdSet>) };
      for (const g in edits) {
        const e = edits[g];
        const ids = new Set<string>();
        if (e) forEachId(groups[g], (id) => ids.add(id));
        forEachId(e?.del, (id) => ids.delete(id));
        forEachId(e?.add, (id) => ids.add(id));
        // already a set: sorted, it is front-coded as `encodeIds` would
        groups[g] = frontCode([...ids].sort());
        if (!ids.size) delete groups[g];
      }
      // the groups in key order, as `compileSnapshot` writes them
      const sorted: Record<string, IdSet> = {};
      for (const g of Object.keys(groups).sort()) sorted[g] = groups[g]!;
      entry[key] = sorted;
    }
  }
  return {
    ...edit(a, patch),
    revision: patch.to,
    issuedAt: patch.issuedAt,
    maxStale: patch.maxStale,
    types,
  } as unknown as GrantSnapshot;
}

/** `base` with the keys of `del` removed and those of `set` replaced. */
function edit(
  base: object | undefined,
  {
    set,
    del,
  }: { readonly set?: Readonly<Record<string, unknown>>; readonly del?: readonly string[] },
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of del ?? []) delete out[key];
  return Object.assign(out, set);
}
