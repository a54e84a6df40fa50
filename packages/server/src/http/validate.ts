/**
 * What only HTTP has: the request id and the query string. Op bodies are NOT defined
 * here: `POST /ops/<op>` parses them with core's one definition (`parseOpArgs` from
 * `@grantkit/core`), so the HTTP layer and the model cannot drift.
 */
import { badCharacters } from '@grantkit/core';

/** Bounds of a query string: parameters, and characters per name and value. */
export const QUERY_BOUNDS = Object.freeze({ params: 32, name: 64, value: 1024 });

/** A query-string problem: the parameter and what is wrong with it. */
export interface QueryIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * Checks every query parameter of `url` (count, lengths, NUL and lone surrogates) before
 * any handler reads one, so nothing malformed reaches the model or SQL.
 *
 * @example
 * ```ts
 * checkQuery(new URL('http://x/audit?type=dashboard&id=a%00b'));
 * // { field: 'id', message: 'id contains a NUL character (U+0000)' }
 * ```
 */
export function checkQuery(url: URL): QueryIssue | undefined {
  let n = 0;
  for (const [name, value] of url.searchParams) {
    const field = name.length > QUERY_BOUNDS.name ? name.slice(0, QUERY_BOUNDS.name) : name;
    if (++n > QUERY_BOUNDS.params)
      return {
        field: 'query',
        message: `the query has more than ${QUERY_BOUNDS.params} parameters (bound: params ≤ ${QUERY_BOUNDS.params})`,
      };
    if (name.length > QUERY_BOUNDS.name)
      return {
        field: 'query',
        message: `a parameter name is ${name.length} characters long (bound: name ≤ ${QUERY_BOUNDS.name})`,
      };
    const badName = badCharacters(name);
    if (badName !== undefined) return { field: 'query', message: `a parameter name ${badName}` };
    if (value.length > QUERY_BOUNDS.value)
      return {
        field,
        message: `${field} is ${value.length} characters long (bound: value ≤ ${QUERY_BOUNDS.value})`,
      };
    const bad = badCharacters(value);
    if (bad !== undefined) return { field, message: `${field} ${bad}` };
  }
  return undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id of `request`: its `x-request-id` header when it is a plain token of
 * at most 128 characters, else a new random one. Answers and log lines carry it.
 *
 * @example
 * ```ts
 * requestIdOf(new Request('http://x/', { headers: { 'x-request-id': 'abc-1' } })); // 'abc-1'
 * ```
 */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given !== null && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
