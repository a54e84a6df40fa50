/**
 * Every snapshot is checked with valibot before use (MODEL C3): its whole shape, its
 * format version, and that it belongs to the signed-in user and tenant. Also: which
 * resource types changed between two snapshots, keeping unchanged parts identical.
 */
import type { GrantSnapshot } from '@grantkit/core/snapshot';
import * as v from 'valibot';
import { GrantkitClientError } from './errors.ts';

/** The snapshot format this client reads. */
export const FORMAT = 1;

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

/** Id sets by group: strings and prefix lengths, checked in one pass (they can hold 10,000s). */
const ids = dict(list((x) => str(x) || int(x)));
const sourced = list(list(int));
/** How each field of a type entry is checked (`TypeEntry` of the snapshot format). */
const ENTRY: Record<string, Test> = {
  a: list(str),
  t: int,
  ts: sourced,
  i: ids,
  e: dict(sourced),
  x: list(tuple(int, int, orNull(str), orNull(list(str)), orNull(obj))),
  k: ids,
  lv: list(int),
  pb: list(int),
  sy: int,
  sys: list(str),
  g: ids,
  p: ids,
  up: ids,
  ul: ids,
  o: int,
  r: list(tuple(int, int, orNull(list(obj)))),
};
/** Where in `types` the last check failed (valibot's `custom` names only the section). */
let where = '';
const types = (x: unknown) =>
  obj(x) &&
  Object.entries(x as object).every(([name, e]) =>
    Object.keys(ENTRY).every((key) => {
      where = `.${name}.${key}`;
      const value = (e as Record<string, unknown> | null)?.[key];
      return (key !== 'a' && value === undefined) || ENTRY[key]!(value);
    }),
  );

const is = (test: Test, expected: string) => v.custom(test, expected);
const string = is(str, 'a string');
const boolean = is((x) => typeof x === 'boolean', 'a boolean');
const number = is(Number.isFinite, 'a number');

/** The envelope is checked field by field; the bulky sections with one pass each. */
const Snapshot = v.object({
  format: is(int, 'an integer'), // its value is checked first, for a clearer error
  tenant: string,
  user: string,
  revision: is((x) => int(x) && (x as number) >= 0, 'a revision'),
  issuedAt: number,
  maxStale: number,
  viewAs: v.optional(string),
  active: boolean,
  superAdmin: boolean,
  cap: v.optional(string),
  attrs: v.optional(is(obj, 'an object')),
  fold: v.optional(string),
  menu: is(list(tuple(str, str)), 'a list of [id, title]'),
  src: is(
    list((x) => obj(x) && str((x as { kind?: unknown }).kind)),
    'a list of sources',
  ),
  types: is(types, 'type entries'),
});

/** Returns `raw` as a snapshot of `tenant`/`userId`, or throws why it is refused. */
export function validateSnapshot(raw: unknown, tenant: string, userId: string): GrantSnapshot {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== undefined && format !== FORMAT)
    throw new GrantkitClientError(
      'unsupported-format',
      `refused snapshot format ${String(format)} (this client reads ${FORMAT}): update @grantkit/sdk`,
    );
  where = '';
  const r = v.safeParse(Snapshot, raw, { abortEarly: true });
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => p.key).join('.') || 'root';
    throw new GrantkitClientError(
      'invalid-snapshot',
      `refused malformed snapshot (${path === 'types' ? path + where : path}: ${issue.message})`,
      { cause: r.issues },
    );
  }
  const s = raw as GrantSnapshot;
  if (s.tenant !== tenant || s.user !== userId)
    throw new GrantkitClientError(
      'foreign-snapshot',
      `refused snapshot of ${s.tenant}/${s.user}: signed in as ${tenant}/${userId}; check getToken`,
      { revision: s.revision },
    );
  return s;
}

const json = JSON.stringify;
type Parts = Record<string, unknown>;

/** `next` with every part that equals `prev`'s replaced by `prev`'s (stable references); `changed` hears the others. */
function keep(prev: Parts, next: Parts, changed: (key: string) => unknown): Parts {
  const out = { ...next };
  for (const k of new Set([...Object.keys(prev), ...Object.keys(next)]))
    if (prev[k] === next[k] || json(prev[k]) === json(next[k])) {
      if (k in next) out[k] = prev[k];
    } else changed(k);
  return out;
}

/**
 * `next`, with every part equal to `prev`'s replaced by `prev`'s object (stable references),
 * and the resource types whose entries differ. A change outside `types` (activity,
 * attributes, renumbered sources…) may change any answer: `'all'`; the menu touches `page`.
 */
export function mergeSnapshot(
  prev: GrantSnapshot,
  next: GrantSnapshot,
): { s: GrantSnapshot; types: ReadonlySet<string> | 'all' } {
  const touched = new Set<string>();
  let all = false;
  const { types: a, ...restA } = prev;
  const { types: b, ...restB } = next;
  const s = keep(restA, restB, (k) => {
    if (k === 'menu') touched.add('page');
    // the header changes no answer; sources only appended or dropped at the end change no
    // entry that did not change itself
    else if (
      !/^(revision|issuedAt|maxStale|format|tenant|user)$/.test(k) &&
      (k !== 'src' || prev.src.some((x, i) => i < next.src.length && json(x) !== json(next.src[i])))
    )
      all = true;
  });
  s.types = keep(a, b, (k) => touched.add(k));
  return { s: s as unknown as GrantSnapshot, types: all ? 'all' : touched };
}
