/**
 * A small typed combinator for operation arguments: each `Shape<T>` parses a value that
 * already passed the structural pass (`bounds.ts`) into a fresh `T`, throwing an
 * `InvalidInputError` whose `path` names the field once. The TypeScript type of the
 * args is inferred from the same definition (`Infer<typeof shape>`).
 *
 * Why not valibot in core: core has no dependencies and ships a size-budgeted client
 * entry; its errors must carry our `path`/`problem` fields; and ids that name things
 * (`ref('user')`) are collected for one existence check against the world. This file is
 * the whole combinator (~150 lines); the server reuses it through core.
 */
import { type InputProblem, InvalidInputError } from '../errors.ts';
import { isObject } from '../schema/is-object.ts';
import { childPath, INPUT_BOUNDS } from './bounds.ts';

/** What an id names, resolved against the world before an op runs (unknown → `UnknownIdError`). */
export type RefKind = 'user' | 'bundle' | 'group' | 'asset' | 'resource';

/** An id found while parsing, with its field path. `type` is set for `resource` refs. */
export interface Ref {
  readonly path: string;
  readonly kind: RefKind;
  readonly id: string;
  readonly type?: string;
}

/** A parser of one value: `parse(value, path, refs)` returns a fresh `T` or throws. */
export interface Shape<T> {
  readonly parse: (value: unknown, path: string, refs: Ref[]) => T;
  /** Set by {@link optional}: the key may be absent. */
  readonly optional?: true;
}

/** The type a shape parses to. */
export type Infer<S> = S extends Shape<infer T> ? T : never;

type Fields = Record<string, Shape<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends { optional: true } ? K : never;
}[keyof F];
/** The object type of {@link object}'s fields: optional fields are `?:` (never `undefined`). */
export type ObjectOf<F extends Fields> = Simplify<
  { readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & {
    readonly [K in OptionalKeys<F>]?: Exclude<Infer<F[K]>, undefined>;
  }
>;

/** Throws the input error of `path`. */
export function fail(path: string, message: string, problem: InputProblem = 'malformed'): never {
  throw new InvalidInputError(path, message, problem);
}

/** A string of `min`..`max` characters. */
export function string(max: number, min = 1): Shape<string> {
  return {
    parse(v, path) {
      if (typeof v !== 'string') return fail(path, 'must be a string');
      if (v.length < min) fail(path, min === 1 ? 'must not be empty' : `needs ${min} characters`);
      if (v.length > max) fail(path, `is ${v.length} characters long (bound: ≤ ${max})`, 'bound');
      return v;
    },
  };
}

/** An id (1–256 characters); with `kind`, it must name an existing thing of that kind. */
export function id(kind?: RefKind): Shape<string> {
  const s = string(INPUT_BOUNDS.id);
  return {
    parse(v, path, refs) {
      const out = s.parse(v, path, refs);
      if (kind !== undefined) refs.push({ path, kind, id: out });
      return out;
    },
  };
}

/** `true` or `false`. */
export const boolean: Shape<boolean> = {
  parse: (v, path) => (typeof v === 'boolean' ? v : fail(path, 'must be true or false')),
};

/** One of `values` (an `as const` list, declared once). */
export function picklist<const T extends string>(values: readonly T[]): Shape<T> {
  return {
    parse: (v, path) =>
      (values as readonly unknown[]).includes(v)
        ? (v as T)
        : fail(path, `must be one of ${values.join(', ')}`),
  };
}

/** Any JSON value (bounded by the structural pass), copied. */
export const json: Shape<unknown> = { parse: (v) => copy(v) };

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = copy(x);
    return out;
  }
  return Object.is(v, -0) ? 0 : v;
}

/** A list of `item`s, `min`..`max` long (max defaults to the structural bound). */
export function array<T>(item: Shape<T>, min = 0, max: number = INPUT_BOUNDS.array): Shape<T[]> {
  return {
    parse(v, path, refs) {
      if (!Array.isArray(v)) return fail(path, 'must be a list');
      if (v.length < min) fail(path, `must hold at least ${min} item${min === 1 ? '' : 's'}`);
      if (v.length > max) fail(path, `has ${v.length} items (bound: ≤ ${max})`, 'bound');
      return v.map((x, i) => item.parse(x, childPath(path, i), refs));
    },
  };
}

/** An object whose keys pass `key` and whose values pass `value`. */
export function record<T>(key: Shape<string>, value: Shape<T>): Shape<Record<string, T>> {
  return {
    parse(v, path, refs) {
      if (!isObject(v)) return fail(path, 'must be an object');
      const out: Record<string, T> = {};
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue;
        const at = childPath(path, k);
        key.parse(k, at, refs);
        out[k] = value.parse(x, at, refs);
      }
      return out;
    },
  };
}

/** The key may be absent (an `undefined` value counts as absent). */
export function optional<T>(s: Shape<T>): Shape<T | undefined> & { readonly optional: true } {
  return { parse: s.parse, optional: true };
}

/** `null` is a meaningful value (such as "remove"). */
export function nullable<T>(s: Shape<T>): Shape<T | null> {
  return { parse: (v, path, refs) => (v === null ? null : s.parse(v, path, refs)) };
}

/** A strict object: exactly `fields` (unknown keys are refused, naming the known ones). */
export function object<F extends Fields>(fields: F, what = 'this object'): Shape<ObjectOf<F>> {
  const names = Object.keys(fields);
  return {
    parse(v, path, refs) {
      if (!isObject(v)) return fail(path, `must be an object with ${names.join(', ')}`);
      for (const k of Object.keys(v))
        if (!Object.hasOwn(fields, k) && v[k] !== undefined)
          fail(childPath(path, k), `${what} takes no "${k}" (it takes ${names.join(', ')})`);
      const out: Record<string, unknown> = {};
      for (const k of names) {
        const s = fields[k]!;
        const x = v[k];
        if (x === undefined) {
          if (s.optional !== true) fail(childPath(path, k), 'is required');
          continue;
        }
        out[k] = s.parse(x, childPath(path, k), refs);
      }
      return out as ObjectOf<F>;
    },
  };
}

/** One of several objects, told apart by which key is present (`{ all }`, `{ not }`, …). */
export function variant<T>(what: string, branches: readonly [key: string, Shape<T>][]): Shape<T> {
  const keys = branches.map(([k]) => k).join(', ');
  return {
    parse(v, path, refs) {
      if (!isObject(v)) return fail(path, `${what} must be an object with one of ${keys}`);
      for (const [k, s] of branches) if (v[k] !== undefined) return s.parse(v, path, refs);
      return fail(path, `${what} needs one of ${keys}`);
    },
  };
}

/** A shape defined later (for recursive shapes). */
export function lazy<T>(get: () => Shape<T>): Shape<T> {
  return { parse: (v, path, refs) => get().parse(v, path, refs) };
}

/** `s`, then `check` on its output; a failed check is reported at `path` + `at`. */
export function refine<T>(
  s: Shape<T>,
  check: (value: T) => boolean,
  at: string,
  message: string,
): Shape<T> {
  return {
    ...s,
    parse(v, path, refs) {
      const out = s.parse(v, path, refs);
      if (!check(out)) fail(at === '' ? path : childPath(path, at), message);
      return out;
    },
  };
}
