/**
 * Strings PostgreSQL cannot store exactly, stopped before they reach SQL: a NUL character
 * (text and jsonb refuse it) and an unpaired UTF-16 surrogate (UTF-8 encoding would replace
 * it with U+FFFD and silently store a different id). Defence in depth: the HTTP layer
 * validates arguments first.
 */
import { StorageInputError } from './types.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const describe = (s: string): string =>
  s.includes('\u0000')
    ? 'holds a NUL character, which the database cannot store'
    : 'holds an unpaired UTF-16 surrogate, which is not valid Unicode text';

const child = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? path === ''
        ? key
        : `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;

/**
 * Throws {@link StorageInputError} naming the field path when any string or object key in
 * `value` holds a NUL character or an unpaired surrogate. Walks iteratively (no recursion a
 * deeply nested value could drive past the stack).
 *
 * @example
 * ```ts
 * assertStorable({ ids: ['ok', 'a\u0000b'] }, 'args'); // throws: invalid input at args.ids[1]: …
 * ```
 */
export function assertStorable(value: unknown, path: string): void {
  const stack: [unknown, string][] = [[value, path]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [v, at] = next;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) throw new StorageInputError(at, `the string ${describe(v)}`);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], child(at, i)]);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        if (UNSTORABLE.test(k)) throw new StorageInputError(child(at, k), `the key ${describe(k)}`);
        stack.push([item, child(at, k)]);
      }
    }
  }
}
