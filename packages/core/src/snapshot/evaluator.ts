/**
 * Answers `check` and `explain` from a grant snapshot, as the model would for that
 * user (MODEL C1). Indexes are built once; a check is a few Map lookups and bit
 * tests, with no string building and no allocation on the common paths.
 */
import { describe, type Explanation, type Reason } from '../model/explain.ts';
import {
  type Advice,
  adviceHolds,
  type FieldReader,
  holds,
  type Subject,
} from '../schema/criteria.ts';
import type { Condition, ResourceRef } from '../schema/types.ts';
import { levelIndex, publicIndex } from './compile.ts';
import {
  forEachId,
  type GrantSnapshot,
  type IdSet,
  type SourceEntry,
  type TypeEntry,
} from './format.ts';

interface Conditional {
  readonly mask: number;
  readonly src: number;
  readonly id: string | null;
  readonly env: readonly string[] | null;
  readonly when: Condition | null;
}

interface Rule {
  readonly mask: number;
  readonly src: number;
  readonly advice: readonly Advice[] | null;
}

interface TypeIndex {
  readonly name: string;
  readonly entry: TypeEntry;
  readonly actions: readonly string[];
  readonly bits: Map<string, number>;
  readonly t: number;
  readonly ids: Map<string, number> | undefined;
  /** Assets: 7-bit access code per node (4 share levels, 3 public levels), parent links, code → mask. */
  readonly code: Map<string, number> | undefined;
  readonly parent: Map<string, string> | undefined;
  readonly table: Int32Array | undefined;
  readonly sys: Set<string> | undefined;
  readonly sy: number;
  readonly known: Map<string, number> | undefined;
  readonly env: Map<string, number> | undefined;
  readonly x: readonly Conditional[];
  readonly rules: readonly Rule[];
  readonly open: number;
  /** Whether data (environment, conditions, rules) can grant beyond `t`, ids and the tree. */
  readonly slow: boolean;
}

/** A checker over one snapshot, with the same `check` / `explain` semantics as the model. */
export interface SnapshotEvaluator {
  /** The snapshot it answers from. */
  readonly snapshot: GrantSnapshot;
  /** MODEL K1–K7, E1, R2, A1–A5, D1–D5: may the snapshot's user perform `action` on `resource`? Never throws. */
  check(action: string, resource: ResourceRef): boolean;
  /** Why (not)? `allowed` always equals `check` (MODEL K6). */
  explain(action: string, resource: ResourceRef): Explanation;
  /** Page ids of the menu (MODEL N3). */
  menu(): string[];
  /** Menu pages whose id or title contains `query` (case-insensitive) and that the user may navigate (MODEL N3). */
  search(query: string): string[];
}

const mapIds = (
  groups: Readonly<Record<string, IdSet>> | undefined,
  into: (key: string, id: string) => void,
) => {
  if (groups === undefined) return;
  for (const key of Object.keys(groups)) forEachId(groups[key]!, (id) => into(key, id));
};

function indexType(name: string, e: TypeEntry, snapshot: GrantSnapshot): TypeIndex {
  const bits = new Map<string, number>();
  e.a.forEach((action, i) => {
    bits.set(action, 1 << i);
  });
  let ids: Map<string, number> | undefined;
  mapIds(e.i, (key, id) => {
    ids ??= new Map();
    ids.set(id, (ids.get(id) ?? 0) | Number.parseInt(key, 10));
  });
  let code: Map<string, number> | undefined;
  let parent: Map<string, string> | undefined;
  let table: Int32Array | undefined;
  if (e.lv !== undefined) {
    code = new Map();
    const c = code;
    mapIds(e.g, (key, id) => {
      const src = snapshot.src[Number(key)];
      const level = src?.kind === 'owner' ? 3 : src?.kind === 'share' ? levelIndex(src.level) : -1;
      if (level >= 0) c.set(id, (c.get(id) ?? 0) | (1 << level));
    });
    mapIds(e.p, (sharing, id) => {
      const p = publicIndex(sharing);
      if (p !== undefined) c.set(id, (c.get(id) ?? 0) | (1 << (4 + p)));
    });
    parent = new Map();
    const up = parent;
    mapIds(e.up, (p, id) => up.set(id, p));
    mapIds(e.ul, (p, id) => up.set(id, p));
    table = new Int32Array(128);
    const pb = e.pb ?? [0, 0, 0];
    for (let k = 0; k < 128; k++) {
      let m = 0;
      for (let i = 0; i < 4; i++) if (k & (1 << i)) m |= e.lv[i]!;
      for (let j = 0; j < 3; j++) if (k & (1 << (4 + j))) m |= pb[j]!;
      table[k] = m;
    }
  }
  let known: Map<string, number> | undefined;
  if (e.k !== undefined) {
    const kn = new Map<string, number>();
    mapIds(e.k, (key, id) => kn.set(id, Number.parseInt(key, 10)));
    known = kn;
  }
  let env: Map<string, number> | undefined;
  for (const [name, list] of Object.entries(e.e ?? {})) {
    env ??= new Map();
    let m = 0;
    for (const [mask] of list) m |= mask;
    env.set(name, m);
  }
  const x = (e.x ?? []).map(([mask, src, id, envs, when]) => ({ mask, src, id, env: envs, when }));
  const rules = (e.r ?? []).map(([mask, src, advice]) => ({ mask, src, advice }));
  return {
    name,
    entry: e,
    actions: e.a,
    bits,
    t: e.t ?? 0,
    ids,
    code,
    parent,
    table,
    sys: e.sys === undefined ? undefined : new Set(e.sys),
    sy: e.sy ?? 0,
    known,
    env,
    x,
    rules,
    open: e.o ?? 0,
    slow: env !== undefined || x.length > 0 || rules.length > 0 || (e.o ?? 0) !== 0,
  };
}

const readerOf =
  (r: ResourceRef): FieldReader =>
  (f) =>
    f === 'id' ? r.id : f === 'env' ? r.env : r.fields?.[f];

/**
 * Builds a checker over a snapshot (after `JSON.parse`), answering exactly as the model
 * would for the snapshot's user (MODEL C1, C3: an inactive snapshot answers false).
 *
 * @example
 * ```ts
 * const me = createEvaluator(await (await fetch('/grants')).json());
 * me.check('edit', { type: 'dashboard', id: 'q3' }); // true / false, synchronously
 * me.explain('edit', { type: 'dashboard', id: 'q3' }).message; // "needs edit on dashboard “q3”; you have view"
 * ```
 */
export function createEvaluator(snapshot: GrantSnapshot): SnapshotEvaluator {
  const types = new Map<string, TypeIndex>();
  for (const [name, e] of Object.entries(snapshot.types))
    types.set(name, indexType(name, e, snapshot));
  const fold = snapshot.fold === undefined ? undefined : types.get(snapshot.fold);
  const subject: Subject = {
    id: snapshot.viewAs ?? snapshot.user,
    attributes: snapshot.attrs ?? {},
    inGroup: () => false,
  };
  const active = snapshot.active;
  // One-entry caches: repeated checks of one type and action skip their Map lookups.
  let lastName: string | undefined;
  let lastType: TypeIndex | undefined;
  let lastAction: string | undefined;
  let lastActionType: TypeIndex | undefined;
  let lastBit: number | undefined;

  /** The access code of an asset and its ancestors (MODEL A4). */
  const treeCode = (t: TypeIndex, id: string): number => {
    let c = t.code!.get(id) ?? 0;
    let p = t.parent!.get(id);
    if (fold === undefined) return c;
    for (let n = 0; p !== undefined && n < 8; n++) {
      c |= fold.code!.get(p) ?? 0;
      p = fold.parent!.get(p);
    }
    return c;
  };

  /** What data grants on a resource the snapshot does not list (MODEL E1, R2, D1–D3). */
  const dataMask = (t: TypeIndex, r: ResourceRef, bit: number): number => {
    let m = 0;
    const env = r.env;
    if (t.env !== undefined && env !== undefined) m |= t.env.get(env) ?? 0;
    if (m & bit) return m;
    for (const x of t.x) {
      if ((x.mask & bit) === 0 || (m & x.mask) === x.mask) continue;
      if (x.id !== null && x.id !== r.id) continue;
      if (x.env !== null && (env === undefined || !x.env.includes(env))) continue;
      if (x.when !== null && (r.fields === undefined || !holds(x.when, readerOf(r), subject)))
        continue;
      m |= x.mask;
    }
    m |= t.open;
    if (t.rules.length > 0) {
      const hasRecord = r.fields !== undefined;
      const read = hasRecord ? readerOf(r) : undefined;
      for (const rule of t.rules) {
        if ((m & rule.mask) === rule.mask) continue;
        if (
          rule.advice === null ||
          (read !== undefined && rule.advice.every((a) => adviceHolds(a, read)))
        )
          m |= rule.mask;
      }
    }
    return m;
  };

  const check = (action: string, r: ResourceRef): boolean => {
    if (!active || r === null || typeof r !== 'object') return false;
    let t: TypeIndex | undefined;
    if (r.type === lastName) t = lastType;
    else {
      t = types.get(r.type);
      lastName = r.type;
      lastType = t;
    }
    if (t === undefined) return false;
    let bit: number | undefined;
    if (action === lastAction && t === lastActionType) bit = lastBit;
    else {
      bit = t.bits.get(action);
      lastAction = action;
      lastActionType = t;
      lastBit = bit;
    }
    if (bit === undefined) return false;
    if ((t.t & bit) !== 0) return true;
    const id = r.id;
    if (id !== undefined) {
      if (t.ids !== undefined && ((t.ids.get(id) ?? 0) & bit) !== 0) return true;
      if (t.table !== undefined) {
        if ((t.table[treeCode(t, id)]! & bit) !== 0) return true;
        if (t.sys?.has(id))
          return (
            (t.sy & bit) !== 0 || (t.known?.has(id) === true && (t.known.get(id)! & bit) !== 0)
          );
      }
      if (t.known !== undefined) {
        const k = t.known.get(id);
        if (k !== undefined) return (k & bit) !== 0;
      }
    }
    return t.slow && (dataMask(t, r, bit) & bit) !== 0;
  };

  return {
    snapshot,
    check,
    explain: (action, r) => explainSnapshot(snapshot, types, fold, check, dataMask, action, r),
    menu: () => snapshot.menu.map(([id]) => id),
    search(query) {
      const q = query.toLowerCase();
      return snapshot.menu
        .filter(
          ([id, title]) =>
            (id.toLowerCase().includes(q) || title.toLowerCase().includes(q)) &&
            check('navigate', { type: 'page', id }),
        )
        .map(([id]) => id)
        .sort();
    },
  };
}

interface Source {
  readonly reason: Reason;
  readonly mask: number;
}

const PUBLIC_LEVELS = ['public-view', 'public-view-share', 'public-view-edit'] as const;

function explainSnapshot(
  s: GrantSnapshot,
  types: Map<string, TypeIndex>,
  fold: TypeIndex | undefined,
  check: (action: string, r: ResourceRef) => boolean,
  dataMask: (t: TypeIndex, r: ResourceRef, bit: number) => number,
  action: string,
  r: ResourceRef,
): Explanation {
  const denied = (message: string): Explanation => ({ allowed: false, reasons: [], message });
  const who = s.viewAs ?? s.user;
  if (!s.active)
    return denied(
      s.viewAs !== undefined
        ? `only an active super admin may view as another user (MODEL A11), or ${who} is inactive or unknown`
        : `user “${who}” is inactive or unknown and passes no check (MODEL K7)`,
    );
  const t = types.get(r.type);
  if (t === undefined) return denied(`unknown resource type “${r.type}”`);
  const bit = t.bits.get(action);
  if (bit === undefined)
    return denied(`${r.type} has no action “${action}” (it has ${t.actions.join(', ')})`);
  const title =
    r.type === 'page'
      ? (s.menu.find(([id]) => id === r.id)?.[1] ?? r.id)
      : typeof r.fields?.title === 'string'
        ? r.fields.title
        : typeof r.fields?.name === 'string'
          ? r.fields.name
          : r.id;
  const target =
    r.id === undefined
      ? `every ${r.type}${r.env === undefined ? '' : ` in ${r.env}`}`
      : `${r.type} “${title}”`;
  if (s.superAdmin)
    return {
      allowed: true,
      reasons: [{ kind: 'superAdmin' }],
      message: `${action} on ${target}: allowed, ${who} is a super admin (MODEL K3)`,
    };
  const src = (i: number) => s.src[i] as SourceEntry;
  const sources: Source[] = [];
  for (const [mask, i] of t.entry.ts ?? []) sources.push({ mask, reason: src(i) as Reason });
  const id = r.id;
  if (id !== undefined) {
    for (const [key, set] of Object.entries(t.entry.i ?? {})) {
      let hit = false;
      forEachId(set, (x) => {
        if (x === id) hit = true;
      });
      if (hit) {
        const [mask, i] = key.split('.').map(Number) as [number, number];
        sources.push({ mask, reason: src(i) as Reason });
      }
    }
    if (t.table !== undefined) assetSources(s, t, fold, id, sources);
  }
  const known = id === undefined ? undefined : t.known?.get(id);
  if (known !== undefined && id !== undefined) {
    for (const [key, set] of Object.entries(t.entry.k ?? {})) {
      let hit = false;
      forEachId(set, (x) => {
        if (x === id) hit = true;
      });
      if (!hit) continue;
      const detail = key.slice(key.indexOf(':') + 1);
      for (const part of detail === '' ? [] : detail.split(',')) {
        const [i, mask] = part.split('=').map(Number) as [number, number];
        sources.push({ mask, reason: src(i) as Reason });
      }
    }
  } else if (t.slow) {
    const env = r.env;
    for (const [name, list] of Object.entries(t.entry.e ?? {}))
      if (name === env)
        for (const [mask, i] of list) sources.push({ mask, reason: src(i) as Reason });
    for (const x of t.x) {
      const m = dataMask({ ...t, env: undefined, x: [x], rules: [], open: 0 }, r, x.mask);
      if (m !== 0) sources.push({ mask: x.mask, reason: src(x.src) as Reason });
    }
    if (t.open !== 0)
      sources.push({ mask: t.open, reason: { kind: 'everyone', recordType: t.name } });
    for (const rule of t.rules) {
      const m = dataMask({ ...t, env: undefined, x: [], rules: [rule], open: 0 }, r, rule.mask);
      if (m !== 0) sources.push({ mask: rule.mask, reason: src(rule.src) as Reason });
    }
  }
  let have = 0;
  for (const x of sources) have |= x.mask;
  const allowed = check(action, r);
  const reasons = sources.filter((x) => (x.mask & bit) !== 0).map((x) => x.reason);
  if (allowed)
    return {
      allowed,
      reasons,
      message: `${action} on ${target}: allowed by ${reasons.map(describe).join('; ') || 'its grants'}`,
    };
  const held = t.actions.filter((_, i) => (have & (1 << i)) !== 0);
  return {
    allowed,
    reasons: [],
    missing: { action, type: r.type, ...(id === undefined ? {} : { id }), have: held },
    message: `needs ${action} on ${target}; you have ${held.length === 0 ? 'nothing' : held.join(', ')}${s.cap === undefined ? '' : ` (capped by ${s.cap}, MODEL N5)`}`,
  };
}

/** Owner, share, public and system-folder sources along an asset's chain (MODEL A2–A5). */
function assetSources(
  s: GrantSnapshot,
  t: TypeIndex,
  fold: TypeIndex | undefined,
  id: string,
  out: Source[],
): void {
  const lv = t.entry.lv!;
  const pb = t.entry.pb ?? [0, 0, 0];
  if (t.sys?.has(id)) {
    out.push({ mask: t.sy, reason: { kind: 'systemFolder', folder: id } });
    return;
  }
  let node: string | undefined = id;
  let at: TypeIndex | undefined = t;
  for (let n = 0; node !== undefined && at !== undefined && n < 9; n++) {
    const from = node === id ? {} : { inheritedFrom: node };
    const here: string = node;
    for (const [key, set] of Object.entries(at.entry.g ?? {})) {
      let hit = false;
      forEachId(set, (x) => {
        if (x === here) hit = true;
      });
      if (!hit) continue;
      const e = s.src[Number(key)];
      if (e?.kind === 'owner')
        out.push({ mask: lv[3], reason: { kind: 'owner', asset: id, ...from } });
      else if (e?.kind === 'share')
        out.push({
          mask: lv[levelIndex(e.level)]!,
          reason: {
            kind: 'share',
            asset: id,
            level: e.level,
            ...(e.user === undefined ? {} : { user: e.user }),
            ...(e.group === undefined ? {} : { group: e.group }),
            ...from,
          },
        });
    }
    for (const [level, set] of Object.entries(at.entry.p ?? {})) {
      let hit = false;
      forEachId(set, (x) => {
        if (x === here) hit = true;
      });
      const p = publicIndex(level);
      if (hit && p !== undefined)
        out.push({
          mask: pb[p]!,
          reason: { kind: 'public', asset: id, level: PUBLIC_LEVELS[p]!, ...from },
        });
    }
    node = at.parent?.get(node);
    at = fold;
  }
}
