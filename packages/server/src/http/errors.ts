/**
 * Every error answer of the server has one shape:
 * `{ "error": { "code", "message", "rule"?, "field"? } }`.
 */
import {
  GrantkitError,
  InvalidInputError,
  RuleViolationError,
  UnknownIdError,
} from '@grantkit/core';
import { StorageUnavailableError, UnknownTenantError } from '../storage/types.ts';

/**
 * The caller may not read what it asked for (403 `forbidden` over HTTP): thrown by the
 * in-process API (`app.grants.audit`) where the endpoint answers 403.
 *
 * @example
 * ```ts
 * try { await app.grants.audit('acme', 'bob', { all: true }); } catch (e) {
 *   if (e instanceof GrantsForbiddenError) console.warn(e.message); // you may not read the tenant's audit trail
 * }
 * ```
 */
export class GrantsForbiddenError extends Error {
  constructor(what: string) {
    super(`you may not read ${what}`);
    this.name = 'GrantsForbiddenError';
  }
}

/** The error codes of the HTTP protocol. */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'rule'
  | 'conflict'
  | 'invalid'
  | 'not_found'
  | 'too_large'
  | 'unavailable'
  | 'internal';

/** The JSON body of an error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly rule?: string;
    readonly field?: string;
  };
}

const STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  rule: 403,
  conflict: 409,
  invalid: 400,
  not_found: 404,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

/** A JSON error answer. */
export function errorResponse(
  code: ErrorCode,
  message: string,
  extra: { rule?: string; field?: string; headers?: Record<string, string> } = {},
): Response {
  const body: ErrorBody = {
    error: {
      code,
      message,
      ...(extra.rule === undefined ? {} : { rule: extra.rule }),
      ...(extra.field === undefined ? {} : { field: extra.field }),
    },
  };
  return new Response(JSON.stringify(body), {
    status: STATUS[code],
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...extra.headers,
    },
  });
}

/**
 * Whether `error` is one the server expects (a refusal, bad input, an unknown tenant, the
 * database being unavailable). Anything else is a bug: it is logged with the request id.
 */
export function isExpectedError(error: unknown): boolean {
  return (
    error instanceof GrantkitError ||
    error instanceof StorageUnavailableError ||
    error instanceof UnknownTenantError ||
    error instanceof GrantsForbiddenError
  );
}

const fieldOf = (path: string): string =>
  path === '' ? 'args' : path.startsWith('args') ? path : `args.${path}`;

/**
 * Maps a thrown error to its answer by its TYPE and typed fields, never by message text:
 * `RuleViolationError` → 403 naming the rule (409 for MODEL K8, a duplicate id);
 * `UnknownIdError` → 404 naming the field (403 when the caller is not a user of the
 * tenant); an unknown op → 404; every other `InvalidInputError` (malformed, a bound,
 * input the database refuses) → 400 naming the field; `StorageUnavailableError` → 503
 * with `retry-after`; anything unexpected → 500.
 *
 * @example
 * ```ts
 * responseForError(new UnknownIdError('args.asset', 'asset', 'q9')).status; // 404
 * ```
 */
export function responseForError(error: unknown): Response {
  if (error instanceof RuleViolationError) {
    // MODEL K8 (a duplicate id) is a conflict; every other refusal is forbidden, naming its rule.
    return errorResponse(error.rule === 'K8' ? 'conflict' : 'rule', error.message, {
      rule: error.rule,
    });
  }
  if (error instanceof UnknownIdError && error.path === 'actor')
    return errorResponse('forbidden', `${error.message}: the caller is not a user of this tenant`);
  if (error instanceof InvalidInputError) {
    const code =
      error.problem === 'unknown-id' || error.problem === 'unknown-op' ? 'not_found' : 'invalid';
    return errorResponse(code, error.message, { field: fieldOf(error.path) });
  }
  if (error instanceof StorageUnavailableError)
    return errorResponse(
      'unavailable',
      'the database is unavailable; nothing was changed, try again',
      {
        headers: { 'retry-after': '1' },
      },
    );
  if (error instanceof UnknownTenantError) return errorResponse('not_found', error.message);
  if (error instanceof GrantsForbiddenError) return errorResponse('forbidden', error.message);
  if (error instanceof GrantkitError) return errorResponse('invalid', error.message);
  return errorResponse('internal', 'internal error');
}
