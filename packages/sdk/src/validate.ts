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

type Test = (x: unknown) => boolean;
const str: Test = (x) => typeof x === 'string';
const int: Test = Number.isInteger;
const obj: Test = (x) => typeof x === 'object' && x !== null;
const list =
  (item: Test): Test =>
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

/** Id sets by group: strings and prefix lengths, checked in one pass (they can hold 10,000s). */
const ids = optional(dict(list((x) => str(x) || int(x))));
const sourced = list(list(int));
const ints = optional(list(int));

/** How each field of a type entry is checked (`TypeEntry` of the snapshot format); `a` is required. */
const ENTRY: Record<string, Test> = {
  a: list(str),
  t: optional(int),
  ts: optional(sourced),
  i: ids,
  e: optional(dict(sourced)),
  x: optional(list(tuple(int, int, orNull(str), orNull(list(str)), orNull(obj)))),
  k: ids,
  lv: ints,
  pb: ints,
  sy: optional(int),
  sys: optional(list(str)),
  g: ids,
  p: ids,
  up: ids,
  ul: ids,
  o: optional(int),
  r: optional(list(tuple(int, int, orNull(list(obj))))),
};

/** How each field of the envelope is checked, with what it must be. */
const ENVELOPE: Record<string, [Test, string]> = {
  format: [int, 'an integer'],
  tenant: [str, 'a string'],
  user: [str, 'a string'],
  revision: [(x) => int(x) && (x as number) >= 0, 'a revision'],
  issuedAt: [Number.isFinite, 'a number'],
  maxStale: [Number.isFinite, 'a number'],
  viewAs: [optional(str), 'a string'],
  active: [(x) => typeof x === 'boolean', 'a boolean'],
  superAdmin: [(x) => typeof x === 'boolean', 'a boolean'],
  cap: [optional(str), 'a string'],
  attrs: [optional(obj), 'an object'],
  fold: [optional(str), 'a string'],
  menu: [list(tuple(str, str)), 'a list of [id, title]'],
  src: [list((x) => obj(x) && str((x as { kind?: unknown }).kind)), 'a list of sources'],
  types: [obj, 'type entries'],
};

/**
 * Where `raw` is not a snapshot and what was expected there (`types.survey.t: a valid
 * type entry`), or `undefined` when its shape is right.
 */
export function findProblem(raw: unknown): string | undefined {
  if (!obj(raw)) return 'root: an object';
  const r = raw as Record<string, unknown>;
  for (const [key, [test, expected]] of Object.entries(ENVELOPE))
    if (!test(r[key])) return `${key}: ${expected}`;
  for (const [name, entry] of Object.entries(r.types as object)) {
    if (!obj(entry)) return `types.${name}: a type entry`;
    for (const [key, test] of Object.entries(ENTRY))
      if (!test((entry as Record<string, unknown>)[key]))
        return `types.${name}.${key}: a valid type entry`;
  }
  return undefined;
}

/** Returns `raw` as a snapshot of `tenant`/`userId`, or throws why it is refused. */
export function validateSnapshot(raw: unknown, tenant: string, userId: string): GrantSnapshot {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== undefined && format !== FORMAT)
    throw new GrantkitClientError(
      'unsupported-format',
      `refused snapshot format ${String(format)} (this client reads ${FORMAT}): update @grantkit/sdk`,
    );
  const problem = findProblem(raw);
  if (problem !== undefined)
    throw new GrantkitClientError('invalid-snapshot', `refused malformed snapshot (${problem})`);
  const s = raw as GrantSnapshot;
  if (s.tenant !== tenant || s.user !== userId)
    throw new GrantkitClientError(
      'foreign-snapshot',
      `refused snapshot of ${s.tenant}/${s.user}: signed in as ${tenant}/${userId}; check getToken`,
      { revision: s.revision },
    );
  return s;
}
