/**
 * Every snapshot is checked before use (MODEL C3): its whole shape, its format version,
 * and that it belongs to the signed-in user and tenant. Also: which resource types
 * changed between two snapshots, keeping unchanged parts identical.
 *
 * The checks are hand-written predicates rather than a schema library: the snapshot's
 * bulky sections (id sets of 10,000s of entries) are checked in one pass each, and the
 * whole validator is ~1 kB minified where valibot added ~3 kB for the same checks.
 * A failure is returned as a value (`findProblem`), never kept in module state.
 */
import type { GrantSnapshot } from '@grantkit/core/snapshot';
import { GrantkitClientError } from './errors.ts';

import { FORMAT } from './format.ts';

/** Bundlers replace `process.env.NODE_ENV`: advice in messages is for development builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

type Test = (x: unknown) => boolean;
const str: Test = (x) => typeof x === 'string';
const int: Test = Number.isInteger;
const finite: Test = Number.isFinite;
/**
 * A bit mask: an integer of 0 to 2³² - 1. Checks test its 32 bits: a negative mask
 * (-1: every bit) or a longer one (2³² + 1 is 1) would grant what it does not say.
 */
const mask: Test = (x) => x === (x as number) >>> 0;
const obj: Test = (x) => typeof x === 'object' && x !== null;
const bool: Test = (x) => typeof x === 'boolean';
/** A list whose every item passes `item` (given its index and the list too). */
const list =
  (item: (x: unknown, i: number, all: unknown[]) => boolean): Test =>
  (x) =>
    Array.isArray(x) && x.every(item);
const dict =
  (item: Test): Test =>
  (x) =>
    obj(x) && Object.values(x as object).every(item);
/** A tuple whose first items pass `items` (more items are allowed). */
const tuple =
  (...items: Test[]): Test =>
  (x) =>
    Array.isArray(x) && items.every((item, i) => item(x[i]));
const orNull =
  (test: Test): Test =>
  (x) =>
    x === null || test(x);
const optional =
  (test: Test): Test =>
  (x) =>
    x === undefined || test(x);

/**
 * Id sets by group, checked in one pass (they can hold 10,000s): strings, each prefix
 * length followed by its suffix (`["report-2", 6]` would read as `report`, another id).
 */
const ids = optional(dict(list((id, i, set) => str(id) || (mask(id) && str(set[i + 1])))));
/**
 * Id sets keyed by a mask (`"mask.src"`, `"mask:…"`): the key's leading digits are a mask
 * too (2³² + 1 would test as 1, another action).
 */
const masked: Test = (x) => ids(x) && Object.keys(x ?? 0).every((k) => mask(+/^\d*/.exec(k)!));
const sourced = list(list(mask));
const masks = optional(list(mask));

/** How each field of a type entry is checked (`TypeEntry` of the snapshot format); `a` is required. */
const ENTRY: Record<string, Test> = {
  // at most 30 actions, as the schema (`MAX_ACTIONS` of core's schema.ts): a 33rd would test bit 0
  a: list((x, i) => str(x) && i < 30),
  t: optional(mask),
  ts: optional(sourced),
  i: masked,
  e: optional(dict(sourced)),
  x: optional(list(tuple(mask, int, orNull(str), orNull(list(str)), orNull(obj)))),
  k: masked,
  lv: masks,
  pb: masks,
  sy: optional(mask),
  sys: optional(list(str)),
  g: ids,
  p: ids,
  up: ids,
  ul: ids,
  o: optional(mask),
  r: optional(list(tuple(mask, int, orNull(list(obj))))),
};

/**
 * A revision: a safe integer of 0 or more (of a snapshot, a 304's ETag, a pushed event).
 * Past 2⁵³ revisions do not compare: one such would make every later snapshot "older".
 *
 * @example
 * ```ts
 * isRevision(42); // true
 * isRevision(2 ** 60); // false
 * ```
 */
export const isRevision = (x: unknown): x is number =>
  Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * A positive, finite number: a duration in ms or s. 0 or less is stale (or due) at once,
 * and refetched at once, in a loop; `Infinity` never times out, never goes stale.
 *
 * @example
 * ```ts
 * positive(15_000); // true
 * positive(0) || positive(Number.NaN) || positive(Infinity) || positive('5'); // false
 * ```
 */
export const positive: Test = (x) => finite(x) && (x as number) > 0;

/** How each field of the envelope is checked. */
const ENVELOPE: Record<string, Test> = {
  format: int,
  tenant: str,
  user: str,
  revision: isRevision,
  issuedAt: finite,
  maxStale: positive,
  viewAs: optional(str),
  active: bool,
  superAdmin: bool,
  cap: optional(str),
  attrs: optional(obj),
  fold: optional(str),
  menu: list(tuple(str, str)),
  src: list((x) => obj(x) && str((x as { kind?: unknown }).kind)),
  types: obj,
};

/** The first field of `x` that `fields` refuses. */
const refused = (x: object, fields: Record<string, Test>): string | undefined =>
  Object.keys(fields).find((key) => !fields[key]!((x as Record<string, unknown>)[key]));

/**
 * Where `raw` is not a snapshot (`types.survey.t`, `revision`, `root`), or `undefined`
 * when its shape is right.
 */
export function findProblem(raw: unknown): string | undefined {
  if (!obj(raw)) return 'root';
  const top = refused(raw as object, ENVELOPE);
  if (top) return top;
  for (const [name, entry] of Object.entries((raw as GrantSnapshot).types)) {
    const key = obj(entry) ? refused(entry, ENTRY) : '';
    if (key !== undefined) return `types.${name}${key && `.${key}`}`;
  }
  return undefined;
}

/** Returns `raw` as a snapshot of `tenant`/`userId`, or throws why it is refused. */
export function validateSnapshot(raw: unknown, tenant: string, userId: string): GrantSnapshot {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== undefined && format !== FORMAT)
    throw new GrantkitClientError(
      'unsupported-format',
      `refused snapshot format ${String(format)}${process.env.NODE_ENV !== 'production' ? ` (this client reads ${FORMAT}): update @grantkit/sdk` : ''}`,
    );
  const problem = findProblem(raw);
  if (problem !== undefined)
    throw new GrantkitClientError('invalid-snapshot', `refused malformed snapshot (${problem})`);
  const s = raw as GrantSnapshot;
  if (s.tenant !== tenant || s.user !== userId)
    throw new GrantkitClientError(
      'foreign-snapshot',
      `refused snapshot of ${s.tenant}/${s.user}${process.env.NODE_ENV !== 'production' ? `: signed in as ${tenant}/${userId}; check getToken` : ''}`,
      { revision: s.revision },
    );
  return s;
}
