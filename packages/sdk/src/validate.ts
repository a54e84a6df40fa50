/**
 * Every snapshot is checked with valibot before use (MODEL C3): its whole shape, its
 * format version, and that it belongs to the signed-in user and tenant. Also: which
 * resource types changed between two snapshots, keeping unchanged parts identical.
 */
import type { GrantSnapshot } from '@grantkit/core';
import * as v from 'valibot';
import { GrantkitClientError } from './errors.ts';

/** The snapshot format this client reads. */
export const FORMAT = 1;

const int = v.custom<number>(Number.isInteger, 'an integer');
const num = v.custom<number>(Number.isFinite, 'a number');
const str = v.string();
const strs = v.array(str);
const ints = v.array(int);
const opt = v.optional;
const nul = v.nullable;
const obj = v.object({});
/** A front-coded id set: strings and prefix lengths (checked in one pass: it can hold 10,000s). */
const ids = v.custom<readonly (string | number)[]>(
  (x) => Array.isArray(x) && x.every((y) => typeof y === 'string' || Number.isInteger(y)),
  'an id set of strings and integers',
);
const groups = opt(v.record(str, ids));
const sourced = v.array(ints);

const TypeEntry = v.object({
  a: strs,
  t: opt(int),
  ts: opt(sourced),
  i: groups,
  e: opt(v.record(str, sourced)),
  x: opt(v.array(v.tuple([int, int, nul(str), nul(strs), nul(obj)]))),
  k: groups,
  lv: opt(ints),
  pb: opt(ints),
  sy: opt(int),
  sys: opt(strs),
  g: groups,
  p: groups,
  up: groups,
  o: opt(int),
  r: opt(v.array(v.tuple([int, int, nul(v.array(obj))]))),
});

const Snapshot = v.object({
  format: int, // its value is checked first, for a clearer error
  tenant: str,
  user: str,
  revision: v.custom<number>((x) => Number.isInteger(x) && (x as number) >= 0, 'a revision'),
  issuedAt: num,
  maxStale: num,
  viewAs: opt(str),
  active: v.boolean(),
  superAdmin: v.boolean(),
  cap: opt(str),
  attrs: opt(v.record(str, v.unknown())),
  fold: opt(str),
  menu: v.array(v.tuple([str, str])),
  src: v.array(v.object({ kind: str })),
  types: v.record(str, TypeEntry),
});

/** Returns `raw` as a snapshot of `tenant`/`userId`, or throws why it is refused. */
export function validateSnapshot(raw: unknown, tenant: string, userId: string): GrantSnapshot {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== undefined && format !== FORMAT)
    throw new GrantkitClientError(
      'unsupported-format',
      `refused snapshot format ${String(format)} (this client reads ${FORMAT}): align @grantkit/sdk with the grants server`,
    );
  const r = v.safeParse(Snapshot, raw);
  if (!r.success) {
    const issue = r.issues[0];
    throw new GrantkitClientError(
      'invalid-snapshot',
      `refused malformed snapshot (${issue.path?.map((p) => p.key).join('.') || 'root'}: ${issue.message}): check the grants server`,
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

const HEAD = new Set(['format', 'tenant', 'user', 'revision', 'issuedAt', 'maxStale', 'types']);
const json = JSON.stringify;

/**
 * `next`, with every part equal to `prev`'s replaced by `prev`'s object (stable references),
 * and the resource types whose entries differ. A change outside `types` (activity,
 * attributes, renumbered sources…) may change any answer: `'all'`; the menu touches `page`.
 */
export function mergeSnapshot(
  prev: GrantSnapshot,
  next: GrantSnapshot,
): { s: GrantSnapshot; types: ReadonlySet<string> | 'all' } {
  const a = prev as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...next };
  const touched = new Set<string>();
  let all = false;
  for (const k of new Set([...Object.keys(a), ...Object.keys(out)])) {
    if (HEAD.has(k)) continue;
    if (a[k] === out[k] || json(a[k]) === json(out[k])) {
      if (k in out) out[k] = a[k];
    } else if (k === 'menu') touched.add('page');
    else if (
      k !== 'src' ||
      prev.src.some((x, i) => i < next.src.length && json(x) !== json(next.src[i]))
    )
      all = true; // sources only appended or dropped at the end change no entry that did not change itself
  }
  const types: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(prev.types), ...Object.keys(next.types)])) {
    const x = prev.types[k];
    const y = next.types[k];
    if (x === y || json(x) === json(y)) {
      if (y !== undefined) types[k] = x;
    } else {
      touched.add(k);
      if (y !== undefined) types[k] = y;
    }
  }
  out.types = types;
  return { s: out as unknown as GrantSnapshot, types: all ? 'all' : touched };
}
