/**
 * Structural bounds on every input an administrative operation takes, and the first,
 * ITERATIVE pass that enforces them over a raw JSON value (an explicit stack, no
 * recursion): depth, string and key length, array and object sizes, a node budget per
 * request, well-formed UTF-16 without NUL, no prototype keys, finite numbers, plain JSON
 * values only. After it, the typed validation (`args.ts`) may recurse: depth is bounded.
 */
import { InvalidInputError } from '../errors.ts';

/**
 * The structural bounds of one operation's arguments. Every breach is an
 * `InvalidInputError` with `problem: 'bound'` whose message names the bound.
 *
 * @example
 * INPUT_BOUNDS.depth; // 32: args.rule.criteria may nest at most 32 arrays/objects deep
 */
export const INPUT_BOUNDS = Object.freeze({
  /** Arrays and objects nested below the args object. */
  depth: 32,
  /** Characters (UTF-16 code units) in any string value. */
  string: 10_000,
  /** Characters in any object key. */
  key: 256,
  /** Items in any array. */
  array: 10_000,
  /** Keys in any object. */
  keys: 1_000,
  /** Values (every string, number, array, object…) in one request. */
  nodes: 100_000,
  /** Characters in an id (user, bundle, group, asset, record, type). */
  id: 256,
  /** Characters in a name (attribute, field, action, environment). */
  name: 256,
  /** Characters in an advanced-logic string (MODEL N7). */
  logic: 1_000,
});

/** The shape of {@link INPUT_BOUNDS}; pass a different one to {@link checkStructure}. */
export type InputBounds = typeof INPUT_BOUNDS;

/** Keys that could reach an object's prototype when copied; refused everywhere. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string's characters (NUL, lone surrogate), or `undefined`. */
export function badCharacters(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  const m = LONE_SURROGATE.exec(s);
  if (m === null) return undefined;
  const c = m[0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone surrogate (U+${c}): not well-formed UTF-16`;
}

/** `args.rule.advice[0]`, `args.attributes["a b"]`: the path of a key below `path`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

function pathOf(frame: Frame | undefined, root: string): string {
  const keys: (string | number)[] = [];
  for (let f = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  let out = root;
  for (let i = keys.length - 1; i >= 0; i--) out = childPath(out, keys[i]!);
  return out;
}

/**
 * Checks a raw value against the structural bounds without recursion; throws an
 * `InvalidInputError` naming the path (`args.rule.advice[0].values[0]`) and the bound.
 * Object properties that are `undefined` count as absent.
 *
 * @example
 * checkStructure({ rule: { advice: [{ field: 'f', op: '=', values: ['\u0000'] }] } }, 'args');
 * // throws InvalidInputError: invalid input at args.rule.advice[0].values[0]: contains a NUL character (U+0000)
 */
export function checkStructure(
  value: unknown,
  root: string,
  bounds: InputBounds = INPUT_BOUNDS,
): void {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: '' }];
  let nodes = 0;
  const fail = (f: Frame, message: string, problem: 'bound' | 'malformed'): never => {
    throw new InvalidInputError(pathOf(f, root), message, problem);
  };
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.value;
    if (++nodes > bounds.nodes)
      fail(
        f,
        `the request holds more than ${bounds.nodes} values (bound: nodes ≤ ${bounds.nodes})`,
        'bound',
      );
    switch (typeof v) {
      case 'string': {
        if (v.length > bounds.string)
          fail(f, `is ${v.length} characters long (bound: string ≤ ${bounds.string})`, 'bound');
        const bad = badCharacters(v);
        if (bad !== undefined) fail(f, bad, 'malformed');
        continue;
      }
      case 'number':
        if (!Number.isFinite(v)) fail(f, `must be a finite number, not ${String(v)}`, 'malformed');
        continue;
      case 'boolean':
        continue;
      case 'object':
        break;
      default:
        fail(f, `${typeof v} is not a JSON value`, 'malformed');
    }
    if (v === null) continue;
    if (f.depth >= bounds.depth)
      fail(f, `nests deeper than ${bounds.depth} levels (bound: depth ≤ ${bounds.depth})`, 'bound');
    if (Array.isArray(v)) {
      if (v.length > bounds.array)
        fail(f, `has ${v.length} items (bound: array ≤ ${bounds.array})`, 'bound');
      for (let i = v.length - 1; i >= 0; i--) {
        const item: unknown = v[i];
        const child: Frame = { value: item, depth: f.depth + 1, parent: f, key: i };
        if (item === undefined) fail(child, 'undefined is not a JSON value', 'malformed');
        stack.push(child);
      }
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null)
      fail(f, 'must be a plain JSON object', 'malformed');
    const keys = Object.keys(v as object);
    if (keys.length > bounds.keys)
      fail(f, `has ${keys.length} keys (bound: keys ≤ ${bounds.keys})`, 'bound');
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const item: unknown = (v as Record<string, unknown>)[k];
      const child: Frame = { value: item, depth: f.depth + 1, parent: f, key: k };
      if (k.length > bounds.key)
        fail(child, `has a key ${k.length} characters long (bound: key ≤ ${bounds.key})`, 'bound');
      const bad = badCharacters(k);
      if (bad !== undefined) fail(child, `the key ${bad}`, 'malformed');
      if (PROTOTYPE_KEYS.has(k)) fail(child, `"${k}" is not allowed as a key`, 'malformed');
      if (item !== undefined) stack.push(child);
    }
  }
}
