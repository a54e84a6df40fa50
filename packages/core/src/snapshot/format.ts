/**
 * The grant snapshot format (MODEL C1): plain JSON, versioned by `format`.
 * Ids are kept as sorted sets, front-coded (an entry `n, "suffix"` shares its
 * first `n` characters with the previous id), so 10,000 grants cost a few bytes each.
 */

import type { Reason } from '../model/reason.ts';
import type { AttrValue, ShareLevel } from '../model/state.ts';
import type { Advice } from '../schema/criteria.ts';
import type { Condition } from '../schema/types.ts';

/** The snapshot format this version of Grantkit writes and reads. */
export const SNAPSHOT_FORMAT = 1;

/** A front-coded sorted id set: strings, each optionally preceded by the length of the prefix it shares with the previous id. */
export type IdSet = readonly (string | number)[];

/** One grant with its source: `[mask, index into src]`. */
export type Sourced = readonly [mask: number, src: number];

/** A conditional grant evaluated in the browser: `[mask, src, id, env, when]` (null when absent). */
export type ConditionalEntry = readonly [
  mask: number,
  src: number,
  id: string | null,
  env: readonly string[] | null,
  when: Condition | null,
];

/** A record sharing rule that reaches the user: `[mask, src, advice]` (MODEL D3, D5). */
export type RuleEntry = readonly [mask: number, src: number, advice: readonly Advice[] | null];

/** What one user holds on one resource type. Masks are bit sets over `a` (bit i = `a[i]`). */
export interface TypeEntry {
  /** The type's actions, in bit order. */
  readonly a: readonly string[];
  /** Actions held on every resource of the type (unconditional, every environment). */
  readonly t?: number;
  /** Sources of `t`. */
  readonly ts?: readonly Sourced[];
  /** Bundle grants on single resources: `"mask.src"` → ids. */
  readonly i?: Readonly<Record<string, IdSet>>;
  /** Type-level grants limited to an environment: env → grants (MODEL E1). */
  readonly e?: Readonly<Record<string, readonly Sourced[]>>;
  /** Conditional grants (MODEL R2) and environment-limited grants on one resource. */
  readonly x?: readonly ConditionalEntry[];
  /**
   * Known resources of the type whose answer needs their stored environment or fields
   * (records, conditional grants): `"mask:src=m,src=m"` → ids, every known resource listed.
   */
  readonly k?: Readonly<Record<string, IdSet>>;
  /** Assets: masks of the share levels in `SHARE_LEVELS` order: view, view-edit, view-share and admin/owner (MODEL A1). */
  readonly lv?: readonly [number, number, number, number];
  /** Assets: masks of the public levels in `PUBLIC_LEVELS` order for this user (MODEL A2). */
  readonly pb?: readonly [number, number, number];
  /** Assets: the mask on the system folders (MODEL A5). */
  readonly sy?: number;
  /** Assets: the system folders of this type. */
  readonly sys?: readonly string[];
  /** Assets: direct owner/share grants, `src` → ids; inherited down the tree (MODEL A3, A4). */
  readonly g?: Readonly<Record<string, IdSet>>;
  /** Assets: public sharing levels, level → ids (MODEL A2); inherited down the tree. */
  readonly p?: Readonly<Record<string, IdSet>>;
  /** Assets: parent links below public nodes (shared by every user), parent folder id → child ids of this type. */
  readonly up?: Readonly<Record<string, IdSet>>;
  /** Assets: parent links below this user's own grants that `up` does not hold. */
  readonly ul?: Readonly<Record<string, IdSet>>;
  /** Records: the everyone-read/write mask (MODEL D1). */
  readonly o?: number;
  /** Records: sharing rules that reach the user. */
  readonly r?: readonly RuleEntry[];
}

/** A source of permissions, as in an explanation (asset sources get their asset at explain time). */
export type SourceEntry =
  | Exclude<
      Reason,
      { kind: 'owner' } | { kind: 'share' } | { kind: 'public' } | { kind: 'systemFolder' }
    >
  | { readonly kind: 'owner' }
  | {
      readonly kind: 'share';
      readonly level: ShareLevel;
      readonly user?: string;
      readonly group?: string;
    };

/**
 * A compiled grant snapshot of one user (MODEL C1): everything to answer `check` and
 * `explain` in the browser without the model. Plain JSON; never code.
 */
export interface GrantSnapshot {
  readonly format: 1;
  readonly tenant: string;
  readonly user: string;
  /** The model revision it was compiled at; only moves forward. */
  readonly revision: number;
  /** When it was issued, in milliseconds since the epoch. */
  readonly issuedAt: number;
  /** Seconds after `issuedAt` (or after the last revalidation) it may be used (MODEL C4). */
  readonly maxStale: number;
  /** Answers are those of this user, as a super admin viewing as them (MODEL A11). */
  readonly viewAs?: string;
  /** False for inactive or unknown users (and for view-as by a non super admin): every check is false. */
  readonly active: boolean;
  /** Passes every check (MODEL K3). */
  readonly superAdmin: boolean;
  /** The bundle that caps the user's license (MODEL N5, N6). */
  readonly cap?: string;
  /** The user attributes conditions compare with (`{ user: "<attr>" }`, MODEL R2). */
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  /** The asset type that holds other assets (folders). */
  readonly fold?: string;
  /** The menu: navigable pages and their ancestors, `[id, title]`, sorted by id (MODEL N3). */
  readonly menu: readonly (readonly [string, string])[];
  /** Sources referred to by index from grants. */
  readonly src: readonly SourceEntry[];
  /** Per resource type. */
  readonly types: Readonly<Record<string, TypeEntry>>;
}

/** Front-codes a set of ids (sorted, deduplicated). */
export function encodeIds(ids: Iterable<string>): (string | number)[] {
  return frontCode([...new Set(ids)].sort());
}

/** @internal Front-codes ids already sorted and unique. */
export function frontCode(sorted: readonly string[]): (string | number)[] {
  const out: (string | number)[] = [];
  let prev = '';
  for (const id of sorted) {
    let n = 0;
    // the shared prefix (past the end of either id, `charCodeAt` is NaN, equal to nothing)
    while (prev.charCodeAt(n) === id.charCodeAt(n)) n++;
    // Keep a surrogate pair whole (a high surrogate is 0xd800–0xdbff: 54 << 10 and up).
    if (n && n < id.length && id.charCodeAt(n - 1) >> 10 === 54) n--;
    if (n) out.push(n);
    out.push(id.slice(n));
    prev = id;
  }
  return out;
}

/** Decodes a front-coded id set, calling `each` with every id in order (none for `undefined`). */
export function forEachId(set: IdSet = [], each: (id: string) => void): void {
  let prev = '';
  for (let i = 0; i < set.length; i++) {
    const x = set[i];
    if (typeof x === 'number') {
      const rest = set[++i];
      prev = prev.slice(0, x) + (typeof rest === 'string' ? rest : '');
    } else prev = x as string;
    each(prev);
  }
}

/** Decodes a front-coded id set. */
export function decodeIds(set: IdSet): string[] {
  const out: string[] = [];
  forEachId(set, (id) => out.push(id));
  return out;
}
